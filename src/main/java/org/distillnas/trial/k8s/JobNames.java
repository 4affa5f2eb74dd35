package org.distillnas.trial.k8s;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;

/**
 * Names and label values of a trial's Job. The name is stable (the same experiment root and trial
 * always give the same name), so a runner started again finds the Jobs of the one before it; a
 * hash of the root and the trial id keeps two experiments of one name in one namespace apart, and
 * keeps trials whose ids differ only in characters a name cannot hold apart.
 */
final class JobNames {
    /** Labels every Job and pod of the tool carries. */
    static final String APP_LABEL = "app.kubernetes.io/name";
    static final String APP = "distillnas";
    static final String EXPERIMENT_LABEL = "distillnas.org/experiment";
    static final String TRIAL_LABEL = "distillnas.org/trial";
    /** The exact trial id and spec path, which labels cannot always hold. */
    static final String TRIAL_ANNOTATION = "distillnas.org/trial-id";
    static final String SPEC_ANNOTATION = "distillnas.org/spec";

    /** A Job's name becomes its pods' {@code job-name} label, so it must fit a label value. */
    private static final int MAX_NAME = 63;
    private static final int HASH_CHARS = 8;

    private JobNames() {}

    /** The Job's name: {@code EXPERIMENT-TRIAL-HASH}, a DNS-1123 label of at most 63 characters. */
    static String jobName(String experiment, String remoteRoot, String trialId) {
        String base = (experiment + "-" + trialId).toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-");
        base = base.substring(0, Math.min(base.length(), MAX_NAME - HASH_CHARS - 1)).replaceAll("^-+|-+$", "");
        String hash = hash(remoteRoot + "/trials/" + trialId);
        return base.isEmpty() ? "t-" + hash : base + "-" + hash;
    }

    /**
     * {@code text} as a label value: at most 63 letters, digits, '-', '_' or '.', beginning and
     * ending with a letter or digit; other characters become '_'.
     */
    static String labelValue(String text) {
        String v = text.replaceAll("[^A-Za-z0-9._-]", "_");
        v = v.substring(0, Math.min(v.length(), 63)).replaceAll("^[^A-Za-z0-9]+|[^A-Za-z0-9]+$", "");
        return v.isEmpty() ? "x" : v;
    }

    private static String hash(String text) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d).substring(0, HASH_CHARS);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}

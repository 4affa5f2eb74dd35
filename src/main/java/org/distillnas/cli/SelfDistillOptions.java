package org.distillnas.cli;

import org.distillnas.distill.SelfDistillConfig;
import org.distillnas.strategy.Methods;
import org.distillnas.util.BadInputException;
import picocli.CommandLine.Option;

/** The self-distillation options of {@code search} (SD-DARTS); resolved into a {@link SelfDistillConfig}. */
final class SelfDistillOptions {
    @Option(names = "--self-distill",
            description = "Self-distillation with voting teachers (SD-DARTS) on top of any DARTS-family method, e.g. darts-2nd; always on for --method sd-darts.")
    boolean selfDistill;

    @Option(names = "--sd-teachers", paramLabel = "K",
            description = "Number of teachers: weight snapshots, or cached epochs (default: " + SelfDistillConfig.DEFAULT_TEACHERS + ").")
    Integer teachers;

    @Option(names = "--sd-every", paramLabel = "M",
            description = "Training steps between two weight snapshots, snapshot source only (quick: " + SelfDistillConfig.DEFAULT_EVERY_QUICK
                    + ", paper: " + SelfDistillConfig.DEFAULT_EVERY_PAPER + "; with 3 teachers the ring then spans about one epoch of the preset's data).")
    Integer every;

    @Option(names = "--sd-source", paramLabel = "SOURCE",
            description = "snapshot (earlier supernets' weights, K extra forward passes per step) or cache (every sample's outputs of the K previous epochs, no extra pass) (default: snapshot).")
    String source;

    @Option(names = "--sd-vote", paramLabel = "RULE",
            description = "How the teachers' predictions are combined: soft (mean of probabilities), hard (majority of top classes, smoothed one-hot) or confidence (mean weighted by each teacher's top probability) (default: soft).")
    String vote;

    @Option(names = "--sd-temperature", paramLabel = "T",
            description = "Softmax temperature of teachers and student; the KL term is scaled by T^2 (default: " + SelfDistillConfig.DEFAULT_TEMPERATURE + ").")
    Double temperature;

    @Option(names = "--sd-lambda", paramLabel = "W",
            description = "Weight of the distillation term next to the cross-entropy (default: " + SelfDistillConfig.DEFAULT_LAMBDA + ").")
    Double lambda;

    @Option(names = "--sd-warmup-epochs", paramLabel = "E",
            description = "Raise the weight linearly from 0 over the first E epochs (default: 0).")
    Integer warmupEpochs;

    @Option(names = "--sd-arch", description = "Distil in the architecture step too (default: off, only the weight step).")
    boolean arch;

    @Option(names = "--sd-hard-smoothing", paramLabel = "EPS",
            description = "Hard voting: probability spread over the losing classes (default: " + SelfDistillConfig.DEFAULT_HARD_SMOOTHING + ").")
    Double hardSmoothing;

    /**
     * The settings for a search with {@code method}: defaults, then explicit options. An
     * {@code --sd-*} option without self-distillation is a user error (it would silently do nothing).
     */
    SelfDistillConfig resolve(String method, boolean paperPreset) {
        boolean on = selfDistill || method.equals(Methods.SD_DARTS);
        if (!on) {
            String given = firstGiven();
            if (given != null) {
                throw new BadInputException(given + " with --method " + method
                        + ": self-distillation is off; add --self-distill or use --method " + Methods.SD_DARTS);
            }
            return SelfDistillConfig.off();
        }
        if (every != null && "cache".equals(source)) {
            throw new BadInputException("--sd-every " + every
                    + " with --sd-source cache: snapshots are for --sd-source snapshot; cached teachers are whole epochs");
        }
        return new SelfDistillConfig(true,
                teachers != null ? teachers : SelfDistillConfig.DEFAULT_TEACHERS,
                every != null ? every : paperPreset ? SelfDistillConfig.DEFAULT_EVERY_PAPER : SelfDistillConfig.DEFAULT_EVERY_QUICK,
                source != null ? source : "snapshot",
                vote != null ? vote : "soft",
                temperature != null ? temperature : SelfDistillConfig.DEFAULT_TEMPERATURE,
                lambda != null ? lambda : SelfDistillConfig.DEFAULT_LAMBDA,
                warmupEpochs != null ? warmupEpochs : 0,
                arch,
                hardSmoothing != null ? hardSmoothing : SelfDistillConfig.DEFAULT_HARD_SMOOTHING);
    }

    private String firstGiven() {
        Object[][] options = {{"--sd-teachers", teachers}, {"--sd-every", every}, {"--sd-source", source},
            {"--sd-vote", vote}, {"--sd-temperature", temperature}, {"--sd-lambda", lambda},
            {"--sd-warmup-epochs", warmupEpochs}, {"--sd-arch", arch ? Boolean.TRUE : null},
            {"--sd-hard-smoothing", hardSmoothing}};
        for (Object[] o : options) {
            if (o[1] != null) {
                return o[0] + " " + o[1];
            }
        }
        return null;
    }
}

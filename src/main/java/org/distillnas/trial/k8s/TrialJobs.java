package org.distillnas.trial.k8s;

import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.distillnas.trial.TrialSpec;

/**
 * The Job of one trial: one container running {@code distillnas run-trial} on the trial's spec on
 * the shared volume. Kubernetes retries a failed pod up to the backoff limit; each new pod resumes
 * the trial's steps from their checkpoints on the volume, as a local retry does.
 */
final class TrialJobs {
    static final String CONTAINER = "trial";
    static final String VOLUME = "runs";
    static final String GPU_RESOURCE = "nvidia.com/gpu";

    private final KubernetesRunnerConfig config;
    private final String remoteRoot;

    /** @param remoteRoot the experiment root as the pods see it */
    TrialJobs(KubernetesRunnerConfig config, String remoteRoot) {
        this.config = config;
        this.remoteRoot = remoteRoot;
    }

    String name(TrialSpec trial) {
        return JobNames.jobName(config.experiment(), remoteRoot, trial.id());
    }

    /** Labels that select every Job of this experiment. */
    Map<String, String> experimentLabels() {
        Map<String, String> l = new LinkedHashMap<>();
        l.put(JobNames.APP_LABEL, JobNames.APP);
        l.put(JobNames.EXPERIMENT_LABEL, JobNames.labelValue(config.experiment()));
        return l;
    }

    /** The spec file as the pods see it. */
    String remoteSpec(TrialSpec trial) {
        return remoteRoot + "/trials/" + trial.id() + ".json";
    }

    Job job(TrialSpec trial) {
        Map<String, String> labels = new LinkedHashMap<>(experimentLabels());
        labels.put(JobNames.TRIAL_LABEL, JobNames.labelValue(trial.id()));
        Map<String, String> annotations = Map.of(JobNames.TRIAL_ANNOTATION, trial.id(),
                JobNames.SPEC_ANNOTATION, remoteSpec(trial));
        return new JobBuilder()
                .withNewMetadata().withName(name(trial)).withNamespace(config.namespace())
                        .withLabels(labels).withAnnotations(annotations).endMetadata()
                .withNewSpec()
                        // pods that fail are retried by the Job; a finished Job is kept (no TTL) so
                        // that kubectl shows its logs, and the next invocation replaces it if needed
                        .withBackoffLimit(config.retries())
                        .withNewTemplate()
                                .withNewMetadata().withLabels(labels).withAnnotations(annotations).endMetadata()
                                .withNewSpec()
                                        .withRestartPolicy("Never")
                                        .addNewContainer()
                                                .withName(CONTAINER)
                                                .withImage(config.image())
                                                .withImagePullPolicy(config.imagePullPolicy())
                                                .withCommand("distillnas")
                                                .withArgs(args(trial))
                                                .withResources(resources())
                                                .addNewVolumeMount().withName(VOLUME).withMountPath(config.mountPath()).endVolumeMount()
                                        .endContainer()
                                        .addNewVolume().withName(VOLUME)
                                                .withNewPersistentVolumeClaim().withClaimName(config.pvc()).endPersistentVolumeClaim()
                                        .endVolume()
                                .endSpec()
                        .endTemplate()
                .endSpec()
                .build();
    }

    private List<String> args(TrialSpec trial) {
        List<String> a = new ArrayList<>(List.of("run-trial", remoteSpec(trial), "--threads", Integer.toString(config.threads())));
        if (config.gpus() > 0) {
            a.add("--device");
            a.add("gpu");
        }
        return a;
    }

    /**
     * Requests equal to limits: the scheduler places a pod only where its trial fits, and a trial
     * never slows another on its node by using more than it asked for.
     */
    private ResourceRequirements resources() {
        Map<String, Quantity> r = new LinkedHashMap<>();
        r.put("cpu", new Quantity(config.cpu()));
        r.put("memory", new Quantity(config.memory()));
        Map<String, Quantity> limits = new LinkedHashMap<>(r);
        if (config.gpus() > 0) {
            // extended resources are given as limits; Kubernetes sets the request equal to it
            limits.put(GPU_RESOURCE, new Quantity(Integer.toString(config.gpus())));
        }
        return new ResourceRequirementsBuilder().withRequests(r).withLimits(limits).build();
    }
}

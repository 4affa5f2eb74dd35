package org.distillnas.cli;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.distillnas.trial.TrialExecutor;
import org.distillnas.trial.TrialSpec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code distillnas run-trial}: runs one trial's unfinished steps on this machine. It is what a
 * Kubernetes Job's container runs; users start trials through {@code experiment} or {@code table}.
 */
@Command(name = "run-trial", hidden = true, mixinStandardHelpOptions = true,
        description = "Runs the unfinished steps of one trial (ROOT/trials/ID.json) into ROOT/trials/ID/, appending to ROOT/trials/ID.log.")
public final class RunTrialCommand implements Callable<Integer> {
    @Parameters(paramLabel = "SPEC", description = "The trial's spec file.")
    Path spec;

    @Option(names = "--threads", paramLabel = "N", description = "Threads of each step, unless the step sets them.")
    Integer threads;

    @Option(names = "--device", paramLabel = "DEVICE", description = "Device of each step, unless the step sets it.")
    String device;

    @Override
    public Integer call() throws Exception {
        TrialSpec trial = TrialSpec.read(spec);
        Map<String, String> options = new LinkedHashMap<>();
        if (threads != null) {
            options.put("--threads", threads.toString());
        }
        if (device != null) {
            options.put("--device", device);
        }
        Path log = TrialSpec.logOfSpec(spec);
        long from = TrialExecutor.logSize(log);
        int status = new TrialExecutor(options).execute(trial, TrialSpec.dirOfSpec(spec), log);
        // the pod's own log (kubectl logs) shows what the trial's log on the volume holds
        System.out.println(TrialExecutor.tail(log, from, 40));
        System.out.println(status == 0 ? "trial " + trial.id() + ": finished" : "trial " + trial.id() + ": failed with status " + status);
        return status;
    }
}

package org.distillnas.trial;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntFunction;
import org.distillnas.util.BadInputException;

/**
 * Runs trials on this machine, at most {@code workers} at a time, each step in a worker JVM of its
 * own. A failed attempt (a non-zero exit, a JVM killed for memory, a step that wrote no result) is
 * retried up to {@code retries} times, resuming its steps from their checkpoints; then the trial is
 * reported failed with the tail of its log, and the other trials go on.
 */
public final class LocalTrialRunner implements TrialRunner {
    /** Lines of a failed trial's log shown in its report. */
    static final int TAIL_LINES = 12;

    private final int workers;
    private final int retries;
    private final IntFunction<Map<String, String>> workerOptions;

    /**
     * @param workerOptions worker k's options added to every step it runs (threads, device), for
     *     k in 0..workers-1
     */
    public LocalTrialRunner(int workers, int retries, IntFunction<Map<String, String>> workerOptions) {
        if (workers < 1) {
            throw new BadInputException("--workers " + workers + ": expected at least 1");
        }
        if (retries < 0) {
            throw new BadInputException("--retries " + retries + ": expected 0 or more");
        }
        this.workers = workers;
        this.retries = retries;
        this.workerOptions = workerOptions;
    }

    @Override
    public String describe() {
        StringBuilder first = new StringBuilder();
        workerOptions.apply(0).forEach((k, v) -> first.append(first.length() == 0 ? "" : " ").append(k).append(' ').append(v));
        return workers + " local worker(s), worker 0 with " + first + ", " + retries + " retr" + (retries == 1 ? "y" : "ies");
    }

    @Override
    public List<TrialOutcome> run(Path root, List<TrialSpec> trials, TrialListener listener) throws InterruptedException {
        ConcurrentLinkedQueue<TrialSpec> queue = new ConcurrentLinkedQueue<>(trials);
        Map<String, TrialOutcome> outcomes = new java.util.concurrent.ConcurrentHashMap<>();
        int n = Math.min(workers, Math.max(1, trials.size()));
        ExecutorService pool = Executors.newFixedThreadPool(n);
        List<Future<?>> running = new ArrayList<>();
        try {
            for (int k = 0; k < n; k++) {
                TrialExecutor executor = new TrialExecutor(workerOptions.apply(k));
                running.add(pool.submit(() -> {
                    for (TrialSpec t; (t = queue.poll()) != null; ) {
                        TrialOutcome o = runOne(root, t, executor, listener);
                        outcomes.put(t.id(), o);
                        listener.ended(o);
                    }
                    return null;
                }));
            }
            for (Future<?> f : running) {
                f.get();
            }
        } catch (ExecutionException e) {
            throw new IllegalStateException("trial worker failed: " + e.getCause(), e.getCause());
        } finally {
            pool.shutdownNow(); // interrupts workers, whose executors then destroy their JVMs
        }
        List<TrialOutcome> ordered = new ArrayList<>();
        trials.forEach(t -> ordered.add(outcomes.get(t.id())));
        return ordered;
    }

    private TrialOutcome runOne(Path root, TrialSpec trial, TrialExecutor executor, TrialListener listener)
            throws InterruptedException {
        Path dir = TrialSpec.dir(root, trial.id());
        Path log = TrialSpec.log(root, trial.id());
        String detail = "";
        int attempts = 0;
        for (int attempt = 1; attempt <= retries + 1; attempt++) {
            attempts = attempt;
            listener.attemptStarted(trial.id(), attempt);
            long from = TrialExecutor.logSize(log);
            int status = executor.execute(trial, dir, log);
            if (status == 0) {
                return TrialOutcome.finished(trial.id(), attempt);
            }
            detail = exitMeaning(status) + "; last lines of " + log + ":\n" + TrialExecutor.tail(log, from, TAIL_LINES);
            if (status == 2) {
                break; // the step rejected its options: trying again cannot help
            }
            if (attempt <= retries) {
                listener.attemptFailed(trial.id(), attempt, detail);
            }
        }
        return TrialOutcome.failed(trial.id(), attempts, detail);
    }

    /** What an exit status says: 128+N is a signal (137: SIGKILL, the out-of-memory killer's). */
    static String exitMeaning(int status) {
        if (status == 137) {
            return "its JVM was killed (exit 137, SIGKILL: out of memory, or killed from outside)";
        }
        if (status > 128 && status < 160) {
            return "its JVM died of signal " + (status - 128) + " (exit " + status + ")";
        }
        if (status == 3) {
            return "its JVM ran out of memory (exit 3)";
        }
        if (status == 2) {
            return "a step rejected its options (exit 2)";
        }
        return "a step failed (exit " + status + ")";
    }

    /** Worker options that give each of {@code workers} workers an equal share of the cores. */
    public static Map<String, String> threadShare(int workers) {
        Map<String, String> m = new HashMap<>();
        m.put("--threads", Integer.toString(Math.max(1, Runtime.getRuntime().availableProcessors() / workers)));
        return m;
    }
}

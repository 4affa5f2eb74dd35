package org.distillnas.trial.k8s;

import java.util.ArrayList;
import java.util.List;
import org.distillnas.trial.TrialListener;
import org.distillnas.trial.TrialOutcome;

/** Keeps every event a runner reports, as lines a test can assert on. */
final class RecordingListener implements TrialListener {
    private final List<String> events = new ArrayList<>();
    private final List<String> progress = new ArrayList<>();

    @Override
    public synchronized void attemptStarted(String id, int attempt) {
        events.add(id + " started " + attempt);
    }

    @Override
    public synchronized void attemptFailed(String id, int attempt, String detail) {
        events.add(id + " failed " + attempt + ": " + detail);
    }

    @Override
    public synchronized void ended(TrialOutcome o) {
        events.add(o.id() + " ended " + o.status() + " " + o.attempts());
    }

    @Override
    public synchronized void progress(String line) {
        progress.add(line);
    }

    synchronized List<String> events() {
        return List.copyOf(events);
    }

    synchronized List<String> progress() {
        return List.copyOf(progress);
    }

    /** Waits until an event starting with {@code prefix} was reported. */
    void await(String prefix) throws InterruptedException {
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (events().stream().noneMatch(e -> e.startsWith(prefix))) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no event '" + prefix + "' in " + events());
            }
            Thread.sleep(10);
        }
    }
}

package org.distillnas.trial;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import org.distillnas.report.JsonlWriter;

/** Prints each trial event as a line and appends it to {@code trials.jsonl}. */
final class TrialJournal implements TrialListener, AutoCloseable {
    private final JsonlWriter jsonl;
    private final PrintStream out;
    private final Consumer<String> onFinished;

    TrialJournal(Path file, PrintStream out, Consumer<String> onFinished) {
        this.jsonl = new JsonlWriter(file);
        this.out = out;
        this.onFinished = onFinished;
    }

    @Override
    public synchronized void attemptStarted(String id, int attempt) {
        out.printf("trial %s: attempt %d started%n", id, attempt);
        write(id, "started", attempt, null);
    }

    @Override
    public synchronized void attemptFailed(String id, int attempt, String detail) {
        // one line while the trial goes on; the log's tail is for when it has failed for good
        String why = detail.lines().findFirst().orElse("").replaceFirst("; last lines of (.*):$", " (see $1)");
        out.printf("trial %s: attempt %d failed, retrying: %s%n", id, attempt, why);
        write(id, "retry", attempt, detail);
    }

    @Override
    public synchronized void ended(TrialOutcome o) {
        if (o.ok()) {
            out.printf("trial %s: finished (attempt %d)%n", o.id(), o.attempts());
            onFinished.accept(o.id());
        } else {
            out.printf("trial %s: FAILED after %d attempt(s): %s%n", o.id(), o.attempts(), o.detail());
        }
        write(o.id(), o.ok() ? "finished" : "failed", o.attempts(), o.ok() ? null : o.detail());
    }

    @Override
    public synchronized void progress(String line) {
        out.println(line);
    }

    private void write(String id, String event, int attempt, String detail) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("time", Instant.now().toString());
        r.put("trial", id);
        r.put("event", event);
        r.put("attempt", attempt);
        if (detail != null) {
            r.put("detail", detail);
        }
        jsonl.write(r);
    }

    @Override
    public void close() {
        jsonl.close();
    }
}

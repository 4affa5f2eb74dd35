package org.distillnas.trial;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.HashMap;
import java.util.function.Consumer;
import org.distillnas.util.BadInputException;
import org.distillnas.util.FolderLock;

/**
 * The trials of one multi-run command ({@code experiment}, {@code table}) under one root folder:
 * writes their specs, skips those already finished, hands the others to a {@link TrialRunner} and
 * reports every outcome. The root is locked meanwhile, so two invocations never run one trial twice
 * at once; a later invocation runs only what is unfinished. Events go to {@code ROOT/trials.jsonl}.
 */
public final class TrialBatch {
    private final Path root;
    private final String command;
    private final List<TrialSpec> trials;

    /**
     * @param command the command that owns the root, for the lock's message ("experiment", "table")
     */
    public TrialBatch(Path root, String command, List<TrialSpec> trials) {
        this.root = root;
        this.command = command;
        this.trials = List.copyOf(trials);
        if (trials.stream().map(TrialSpec::id).distinct().count() != trials.size()) {
            throw new IllegalArgumentException("trial ids repeat in " + trials.stream().map(TrialSpec::id).toList());
        }
    }

    /**
     * Runs what is unfinished; returns every trial's outcome in order.
     *
     * @param onFinished called with each trial's id when it finishes now (e.g. to rewrite a table)
     */
    public List<TrialOutcome> run(TrialRunner runner, PrintStream out, Consumer<String> onFinished) throws InterruptedException {
        try (FolderLock lock = FolderLock.acquire(root, command)) {
            Map<String, TrialOutcome> outcomes = new HashMap<>();
            List<TrialSpec> todo = new ArrayList<>();
            for (TrialSpec t : trials) {
                writeSpec(t);
                if (t.isFinished(TrialSpec.dir(root, t.id()))) {
                    outcomes.put(t.id(), new TrialOutcome(t.id(), TrialOutcome.Status.ALREADY_FINISHED, 0, ""));
                } else {
                    todo.add(t);
                }
            }
            out.printf("%d trial(s): %d finished, %d to run on %s%n", trials.size(), trials.size() - todo.size(),
                    todo.size(), runner.describe());
            if (!todo.isEmpty()) {
                try (TrialJournal journal = new TrialJournal(root.resolve("trials.jsonl"), out, onFinished)) {
                    runner.run(root, todo, journal).forEach(o -> outcomes.put(o.id(), o));
                }
            }
            return trials.stream().map(t -> outcomes.get(t.id())).toList();
        }
    }

    /**
     * Writes a trial's spec. A trial that has started keeps its steps: a new spec may add steps
     * after them (one experiment adds a diagnostic to another's trials) or stop short of them, but
     * not change them, since its folder holds their work (a changed budget must not mix into a
     * half-done run).
     */
    private void writeSpec(TrialSpec t) {
        Path file = TrialSpec.file(root, t.id());
        Path dir = TrialSpec.dir(root, t.id());
        if (Files.exists(file) && Files.exists(dir)) {
            TrialSpec old = TrialSpec.read(file);
            if (!startsWith(old.steps(), t.steps()) && !startsWith(t.steps(), old.steps())) {
                throw new BadInputException("trial " + t.id() + " in " + root + " was started with other options ("
                        + file + "): use another output folder, or delete " + dir + " to run it anew");
            }
            if (old.equals(t)) {
                return;
            }
        }
        t.write(file);
    }

    private static boolean startsWith(List<TrialStep> steps, List<TrialStep> prefix) {
        return steps.size() >= prefix.size() && steps.subList(0, prefix.size()).equals(prefix);
    }

    /** Fails with one line when a trial failed, naming them and how to go on. */
    public static void requireAllOk(List<TrialOutcome> outcomes) {
        List<String> failed = outcomes.stream().filter(o -> !o.ok()).map(TrialOutcome::id).toList();
        if (!failed.isEmpty()) {
            throw new BadInputException(failed.size() + " trial(s) failed: " + String.join(", ", failed)
                    + "; their logs say why; run the same command again to retry them");
        }
    }
}

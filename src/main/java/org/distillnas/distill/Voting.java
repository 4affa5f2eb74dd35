package org.distillnas.distill;

import ai.djl.ndarray.NDArray;
import java.util.List;
import org.distillnas.util.BadInputException;

/**
 * Aggregates several teachers' probability vectors into one target per sample (SD-DARTS's voting
 * teachers). The rules are {@link SoftVoting} (mean of probabilities), {@link HardVoting} (majority of
 * the teachers' top classes, as a smoothed one-hot) and {@link ConfidenceVoting} (mean weighted by
 * each teacher's confidence). With one teacher, soft and confidence voting return its probabilities.
 */
@FunctionalInterface
public interface Voting {
    /** The rules' command-line names. */
    List<String> NAMES = List.of("soft", "hard", "confidence");

    /**
     * @param teacherProbs (K, N, C): K teachers' probabilities for N samples over C classes, without
     *     gradient; K >= 1
     * @return (N, C) target probabilities, rows summing to 1, same data type and manager
     */
    NDArray aggregate(NDArray teacherProbs);

    /**
     * True for rules whose result is a label-like target (hard voting's smoothed one-hot) rather
     * than an average of softened probabilities: such a rule votes on the teachers' plain
     * probabilities (T = 1) and its target is softened afterwards like a teacher's output,
     * {@code softmax(log p / T)} (see {@link SelfDistillation}).
     */
    default boolean votesOnLabels() {
        return false;
    }

    /**
     * The rule of a command-line name.
     *
     * @param hardSmoothing the probability mass hard voting spreads over the losing classes
     */
    static Voting byName(String name, double hardSmoothing) {
        return switch (name) {
            case "soft" -> new SoftVoting();
            case "hard" -> new HardVoting(hardSmoothing);
            case "confidence" -> new ConfidenceVoting();
            default -> throw new BadInputException("--sd-vote " + name + ": expected one of " + String.join(", ", NAMES));
        };
    }
}

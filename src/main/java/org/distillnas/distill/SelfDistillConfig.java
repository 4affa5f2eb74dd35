package org.distillnas.distill;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import org.distillnas.util.BadInputException;

/**
 * The self-distillation settings of a search (SD-DARTS, Zhu et al. 2023), as written to the run's
 * {@code config.json}. The paper publishes none of these values; the defaults are documented
 * choices.
 *
 * @param enabled distil at all (always on for {@code --method sd-darts}, {@code --self-distill} for the
 *     other DARTS-family methods)
 * @param teachers K, the number of teachers (snapshots or cached epochs); default 3
 * @param every m, training steps between two weight snapshots (snapshot source only); the CLI's
 *     default is 40 steps for the quick preset and 130 for the paper preset, so that the 3 default
 *     teachers span about one epoch of the preset's data (125 and 390 steps of 64 images)
 * @param source {@code snapshot} (earlier weights, K extra forward passes per step) or {@code cache}
 *     (each sample's outputs from the K previous epochs, no extra pass); default snapshot
 * @param vote how the teachers' probabilities become one target: {@code soft}, {@code hard} or
 *     {@code confidence}; default soft
 * @param temperature T of the teachers' and the student's softmax; default 4, a common choice in
 *     the distillation literature (Hinton et al. used 1 to 20) that keeps the targets' dark knowledge
 *     visible for 10-class data
 * @param lambda weight of the distillation term next to the cross-entropy; default 1
 * @param warmupEpochs W: the weight rises linearly from 0 over the first W epochs; default 0
 * @param arch distil in the architecture step too (the validation loss gets the same term); default
 *     off, as distillation regularises the weights
 * @param hardSmoothing the mass hard voting spreads over the losing classes; default 0.1
 */
public record SelfDistillConfig(
        @JsonProperty("enabled") boolean enabled,
        @JsonProperty("teachers") int teachers,
        @JsonProperty("every") int every,
        @JsonProperty("source") String source,
        @JsonProperty("vote") String vote,
        @JsonProperty("temperature") double temperature,
        @JsonProperty("lambda") double lambda,
        @JsonProperty("warmup_epochs") int warmupEpochs,
        @JsonProperty("arch") boolean arch,
        @JsonProperty("hard_smoothing") double hardSmoothing) {

    public static final List<String> SOURCES = List.of("snapshot", "cache");
    public static final int DEFAULT_TEACHERS = 3;
    public static final int DEFAULT_EVERY_QUICK = 40;
    public static final int DEFAULT_EVERY_PAPER = 130;
    public static final double DEFAULT_TEMPERATURE = 4.0;
    public static final double DEFAULT_LAMBDA = 1.0;
    public static final double DEFAULT_HARD_SMOOTHING = 0.1;

    /** Rejects inconsistent settings with one line naming the option. */
    public SelfDistillConfig {
        if (teachers < 1) {
            throw new BadInputException("--sd-teachers " + teachers + ": expected at least 1 teacher");
        }
        if (every < 1) {
            throw new BadInputException("--sd-every " + every + ": expected at least 1 step between snapshots");
        }
        if (!SOURCES.contains(source)) {
            throw new BadInputException("--sd-source " + source + ": expected one of " + String.join(", ", SOURCES));
        }
        if (!Voting.NAMES.contains(vote)) {
            throw new BadInputException("--sd-vote " + vote + ": expected one of " + String.join(", ", Voting.NAMES));
        }
        if (!(temperature > 0) || Double.isInfinite(temperature)) {
            throw new BadInputException("--sd-temperature " + temperature + ": expected a finite number > 0");
        }
        new LambdaSchedule(lambda, warmupEpochs); // validates both
        if (!(hardSmoothing >= 0 && hardSmoothing < 1)) {
            throw new BadInputException("--sd-hard-smoothing " + hardSmoothing + ": expected a number in [0, 1)");
        }
    }

    /** Self-distillation off (the defaults for the rest, as a run folder without the section reads). */
    public static SelfDistillConfig off() {
        return defaults(false, DEFAULT_EVERY_QUICK);
    }

    /** Every setting at its default. */
    public static SelfDistillConfig defaults(boolean enabled, int every) {
        return new SelfDistillConfig(enabled, DEFAULT_TEACHERS, every, "snapshot", "soft", DEFAULT_TEMPERATURE,
                DEFAULT_LAMBDA, 0, false, DEFAULT_HARD_SMOOTHING);
    }

    public LambdaSchedule schedule() {
        return new LambdaSchedule(lambda, warmupEpochs);
    }
}

package org.distillnas.distill.board;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import org.distillnas.util.BadInputException;

/**
 * Settings of Cream of the Crop's prioritized path board and matching network, as written to a
 * run's {@code config.json} (section {@code board}). Defaults are the reference code's ImageNet
 * settings unless said otherwise; a number missing from the section reads as its default.
 *
 * @param size K, paths on the board (default 10)
 * @param margin score points by which a path must beat the worst entry to enter when it is not
 *     cheaper (default 5)
 * @param warmupEpochs epochs of plain single-path training before the board takes paths and
 *     distillation starts (reference: 20 of 120 epochs; the CLI's default is a sixth of the epochs,
 *     at least 1)
 * @param storedImages S, training images stored per entry for the matching, and the slice size of
 *     the look-ahead (default 4)
 * @param scoring what a path's score is: {@code batch}, its top-1 on the training batch it was
 *     trained on (the reference code), or {@code held-out}, its top-1 on a fixed validation batch
 * @param matching {@code meta} (the matching network) or {@code best} (the board's best entry with
 *     the constant {@code bestRho}: the paper's ablation without the matching network)
 * @param metaEvery the matching network's look-ahead update every this many steps (default 200)
 * @param metaLr its learning rate (default 1e-4)
 * @param bestRho rho of the {@code best} rule (default 0.5, the reference code's value)
 * @param quirks reference-code behaviours to reproduce, none by default: {@code rho-last-scored}
 *     (rho from the last entry scored), {@code first-tensor-lookahead} (the look-ahead's gradient
 *     through the first parameter tensor only), {@code store-teacher-outputs} (a new entry stores
 *     its teacher's predictions instead of its own)
 */
public record BoardConfig(
        @JsonProperty("size") int size,
        @JsonProperty("margin") double margin,
        @JsonProperty("warmup_epochs") int warmupEpochs,
        @JsonProperty("stored_images") int storedImages,
        @JsonProperty("scoring") String scoring,
        @JsonProperty("matching") String matching,
        @JsonProperty("meta_every") int metaEvery,
        @JsonProperty("meta_lr") double metaLr,
        @JsonProperty("best_rho") double bestRho,
        @JsonProperty("quirks") List<String> quirks) {

    public static final List<String> SCORINGS = List.of("batch", "held-out");
    public static final List<String> MATCHINGS = List.of("meta", "best");
    public static final String RHO_LAST_SCORED = "rho-last-scored";
    public static final String FIRST_TENSOR_LOOKAHEAD = "first-tensor-lookahead";
    public static final String STORE_TEACHER_OUTPUTS = "store-teacher-outputs";
    public static final List<String> QUIRKS = List.of(RHO_LAST_SCORED, FIRST_TENSOR_LOOKAHEAD, STORE_TEACHER_OUTPUTS);
    /** A warm-up not given: the search's configuration replaces it by {@link #defaultWarmup} of its epochs. */
    public static final int UNSET = -1;

    public BoardConfig {
        if (size < 1) {
            throw new BadInputException("--board-size " + size + ": expected 1 or more");
        }
        if (!(margin >= 0) || Double.isInfinite(margin)) {
            throw new BadInputException("--board-margin " + margin + ": expected a number of accuracy points >= 0");
        }
        if (warmupEpochs < 0 && warmupEpochs != UNSET) {
            throw new BadInputException("--board-warmup-epochs " + warmupEpochs + ": expected 0 or more");
        }
        if (storedImages < 1) {
            throw new BadInputException("--board-images " + storedImages + ": expected 1 or more");
        }
        if (!SCORINGS.contains(scoring)) {
            throw new BadInputException("--board-scoring " + scoring + ": expected one of " + String.join(", ", SCORINGS));
        }
        if (!MATCHINGS.contains(matching)) {
            throw new BadInputException("--matching " + matching + ": expected one of " + String.join(", ", MATCHINGS));
        }
        if (metaEvery < 1) {
            throw new BadInputException("--meta-every " + metaEvery + ": expected 1 or more steps");
        }
        if (!(metaLr >= 0) || Double.isInfinite(metaLr)) {
            throw new BadInputException("--meta-lr " + metaLr + ": expected a finite number >= 0");
        }
        if (!(bestRho >= 0 && bestRho <= 1)) {
            throw new BadInputException("--best-rho " + bestRho + ": expected a number in [0, 1]");
        }
        quirks = quirks == null ? List.of() : List.copyOf(quirks);
        for (String q : quirks) {
            if (!QUIRKS.contains(q)) {
                throw new BadInputException("--cream-quirks " + q + ": expected some of " + String.join(", ", QUIRKS));
            }
        }
    }

    /** Reads a {@code board} section: what it lacks takes its default. */
    @JsonCreator
    static BoardConfig read(@JsonProperty("size") Integer size, @JsonProperty("margin") Double margin,
            @JsonProperty("warmup_epochs") Integer warmupEpochs, @JsonProperty("stored_images") Integer storedImages,
            @JsonProperty("scoring") String scoring, @JsonProperty("matching") String matching,
            @JsonProperty("meta_every") Integer metaEvery, @JsonProperty("meta_lr") Double metaLr,
            @JsonProperty("best_rho") Double bestRho, @JsonProperty("quirks") List<String> quirks) {
        BoardConfig d = defaults(1);
        return new BoardConfig(size != null ? size : d.size, margin != null ? margin : d.margin,
                warmupEpochs != null ? warmupEpochs : UNSET, storedImages != null ? storedImages : d.storedImages,
                scoring != null ? scoring : d.scoring, matching != null ? matching : d.matching,
                metaEvery != null ? metaEvery : d.metaEvery, metaLr != null ? metaLr : d.metaLr,
                bestRho != null ? bestRho : d.bestRho, quirks);
    }

    /** The reference settings with the given warm-up. */
    public static BoardConfig defaults(int warmupEpochs) {
        return new BoardConfig(10, 5, warmupEpochs, 4, "batch", "meta", 200, 1e-4, 0.5, List.of());
    }

    /** The default warm-up for a run of {@code epochs}: a sixth, as Cream's 20 of 120, at least 1 and short of the end. */
    public static int defaultWarmup(int epochs) {
        return Math.max(0, Math.min(Math.max(1, (int) Math.round(epochs / 6.0)), epochs - 1));
    }

    /** These settings with another warm-up. */
    public BoardConfig withWarmupEpochs(int epochs) {
        return new BoardConfig(size, margin, epochs, storedImages, scoring, matching, metaEvery, metaLr, bestRho, quirks);
    }

    public boolean quirk(String name) {
        return quirks.contains(name);
    }
}

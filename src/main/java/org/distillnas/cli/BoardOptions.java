package org.distillnas.cli;

import java.util.ArrayList;
import java.util.List;
import org.distillnas.distill.board.BoardConfig;
import org.distillnas.strategy.Methods;
import org.distillnas.util.BadInputException;
import picocli.CommandLine.Option;

/** The options of {@code search --method cream}: the prioritized path board and the matching network. */
final class BoardOptions {
    @Option(names = "--board-size", paramLabel = "K", description = "Paths on Cream's prioritized board (default: 10).")
    Integer size;

    @Option(names = "--board-margin", paramLabel = "POINTS",
            description = "Accuracy points by which a path must beat the board's worst entry to enter when it is not cheaper (default: 5).")
    Double margin;

    @Option(names = "--board-warmup-epochs", paramLabel = "W",
            description = "Epochs of plain single-path training before the board takes paths and distillation starts (default: a sixth of the epochs, at least 1, as Cream's 20 of 120).")
    Integer warmupEpochs;

    @Option(names = "--board-images", paramLabel = "S",
            description = "Training images stored per board entry for the matching, also the slice size of the look-ahead (default: 4).")
    Integer storedImages;

    @Option(names = "--board-scoring", paramLabel = "MODE",
            description = "A path's score: batch (top-1 on the training batch it trained on, as Cream's code) or held-out (top-1 on the first 256 validation images) (default: batch).")
    String scoring;

    @Option(names = "--matching", paramLabel = "RULE",
            description = "Teacher choice: meta (Cream's matching network, trained by a look-ahead) or best (the board's best entry with --best-rho, the paper's ablation) (default: meta).")
    String matching;

    @Option(names = "--meta-every", paramLabel = "M", description = "Look-ahead update of the matching network every M steps (default: 200).")
    Integer metaEvery;

    @Option(names = "--meta-lr", paramLabel = "LR", description = "Learning rate of the matching network (default: 1e-4).")
    Double metaLr;

    @Option(names = "--best-rho", paramLabel = "RHO", description = "rho of --matching best (default: 0.5, as Cream's code).")
    Double bestRho;

    @Option(names = "--cream-quirks", paramLabel = "Q,Q,...",
            description = "Reference-code behaviours to reproduce: rho-last-scored, first-tensor-lookahead, store-teacher-outputs (default: none; docs/RESULTS.md says what each does).")
    String quirks;

    boolean any() {
        return size != null || margin != null || warmupEpochs != null || storedImages != null || scoring != null
                || matching != null || metaEvery != null || metaLr != null || bestRho != null || quirks != null;
    }

    /** The board settings of a sampling search by {@code method} over {@code epochs} in batches of {@code batchSize}. */
    BoardConfig resolve(String method, int epochs, int batchSize) {
        if (any() && !method.equals(Methods.CREAM)) {
            throw new BadInputException("--board-*, --matching, --meta-*, --best-rho and --cream-quirks apply to --method "
                    + Methods.CREAM + ", not " + method);
        }
        BoardConfig d = BoardConfig.defaults(BoardConfig.defaultWarmup(epochs));
        int warmup = warmupEpochs != null ? warmupEpochs : d.warmupEpochs();
        if (warmup < 0) {
            throw new BadInputException("--board-warmup-epochs " + warmup + ": expected 0 or more");
        }
        if (warmup >= epochs) {
            throw new BadInputException("--board-warmup-epochs " + warmup + ": expected fewer than --epochs " + epochs);
        }
        List<String> q = new ArrayList<>();
        if (quirks != null && !quirks.isBlank()) {
            for (String s : quirks.split(",", -1)) {
                q.add(s.strip());
            }
        }
        int images = storedImages != null ? storedImages : d.storedImages();
        boolean meta = matching == null || matching.equals("meta");
        if (method.equals(Methods.CREAM) && meta && batchSize < 2 * images) {
            throw new BadInputException("--batch-size " + batchSize + ": the matching network's look-ahead needs at least "
                    + 2 * images + " images per batch (2 x --board-images " + images + ": a slice to step on, one held out)");
        }
        return new BoardConfig(size != null ? size : d.size(), margin != null ? margin : d.margin(), warmup,
                storedImages != null ? storedImages : d.storedImages(), scoring != null ? scoring : d.scoring(),
                matching != null ? matching : d.matching(), metaEvery != null ? metaEvery : d.metaEvery(),
                metaLr != null ? metaLr : d.metaLr(), bestRho != null ? bestRho : d.bestRho(), q);
    }
}

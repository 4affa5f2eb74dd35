package org.distillnas.strategy.cream;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.training.GradientCollector;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.distillnas.data.Batch;
import org.distillnas.distill.PrioritizedPathLoss;
import org.distillnas.distill.board.BestEntryMatching;
import org.distillnas.distill.board.BoardConfig;
import org.distillnas.distill.board.BoardEntry;
import org.distillnas.distill.board.BoardMatching;
import org.distillnas.distill.board.MetaMatching;
import org.distillnas.distill.board.MetaMatchingNetwork;
import org.distillnas.distill.board.PrioritizedBoard;
import org.distillnas.distill.board.TeacherChoice;
import org.distillnas.nn.Param;
import org.distillnas.space.genotype.Subnet;
import org.distillnas.step.StepContext;
import org.distillnas.step.StepResult;
import org.distillnas.strategy.SampledStrategyBase;
import org.distillnas.strategy.SampledWeights;
import org.distillnas.strategy.SubnetSampler;
import org.distillnas.supernet.SampledSupernet;
import org.distillnas.train.Losses;
import org.distillnas.util.BadInputException;
import org.distillnas.util.NoGrad;

/**
 * Cream of the Crop (Peng et al., NeurIPS 2020): single-path training in which every sampled path,
 * once the board has entries, learns from the labels and from the best-suited path on the
 * prioritized board. One step:
 * <ol>
 *   <li>draw a path (uniformly or by the choice weights, inside the FLOPs window);</li>
 *   <li>every {@code metaEvery} steps, update the matching network by the look-ahead
 *       ({@link LookAheadMetaGradient}) on slices of this batch;</li>
 *   <li>with a non-empty board, choose the teacher ({@link BoardMatching}) and run it on the batch
 *       without gradient; loss {@link PrioritizedPathLoss} {@code (rho KD + (2 - rho) CE) / 2},
 *       otherwise the labels' cross-entropy;</li>
 *   <li>update the path's weights (momentum SGD, as SPOS);</li>
 *   <li>offer the path to the board with its score (top-1 on this batch before the update, as the
 *       reference code, or on a fixed held-out batch after it), its cost and its first S images
 *       with its softmax on them.</li>
 * </ol>
 *
 * <p>The teacher's and the matching passes run in training mode (batch statistics), as in the
 * reference code. The board, the matching network and the per-epoch statistics are part of the
 * checkpointed state, so a resumed search continues with the same teachers.
 */
public final class CreamStrategy extends SampledStrategyBase {
    private final BoardConfig config;
    private final PrioritizedBoard board;
    private final MetaMatchingNetwork meta;
    private final BoardMatching matching;
    private final LookAheadMetaGradient lookAhead;
    private final Batch heldOut;
    private final EpochStats stats = new EpochStats();
    /** Look-aheads whose meta-gradient could not be computed or was not finite, since the run started. */
    private long metaSkipped;

    /**
     * @param seed seeds the matching network's initial weights
     * @param heldOut the fixed batch that scores paths under {@code scoring = held-out} (else unused)
     */
    public CreamStrategy(String name, SampledSupernet supernet, SubnetSampler sampler, SampledWeights weights,
            BoardConfig config, long seed, Batch heldOut) {
        super(name, supernet, sampler, weights);
        this.config = config;
        this.board = new PrioritizedBoard(config.size(), config.margin(), config.warmupEpochs(), manager);
        if (config.matching().equals("meta")) {
            var dtype = supernet.weights().values().iterator().next().value().getDataType();
            this.meta = new MetaMatchingNetwork(config.storedImages() * sampler.numClasses(), seed, dtype, manager);
            this.matching = new MetaMatching(meta, config.quirk(BoardConfig.RHO_LAST_SCORED));
            this.lookAhead = new LookAheadMetaGradient(supernet, meta, LookAheadMetaGradient.DEFAULT_EPS_SCALE,
                    config.quirk(BoardConfig.FIRST_TENSOR_LOOKAHEAD));
        } else {
            this.meta = null;
            this.matching = new BestEntryMatching(config.bestRho());
            this.lookAhead = null;
        }
        if (config.scoring().equals("held-out") && heldOut == null) {
            throw new BadInputException("--board-scoring held-out needs a validation split to take the held-out batch from");
        }
        this.heldOut = heldOut;
    }

    public PrioritizedBoard board() {
        return board;
    }

    /** The matching network, or null under the fixed rule. */
    public MetaMatchingNetwork meta() {
        return meta;
    }

    /** The path step {@code globalStep} trains. */
    public Subnet path(long globalStep) {
        return sampler.draw(globalStep, 0);
    }

    /** Whether step {@code globalStep} begins with a look-ahead update of the matching network. */
    public boolean metaDue(long globalStep) {
        return meta != null && !board.isEmpty() && globalStep > 0 && globalStep % config.metaEvery() == 0;
    }

    @Override
    public StepResult step(Batch train, StepContext ctx) {
        stats.startIfNew(ctx.epoch());
        Subnet path = path(ctx.globalStep());
        long macs = sampler.macs(path);
        Map<String, Param> used = supernet.paramsOf(path);
        int s = config.storedImages();
        double loss;
        long correct;
        try (NDManager m = manager.newSubManager(); NDScope scope = new NDScope()) {
            NDArray x = train.x(m);
            NDArray y = train.y(m);
            if (metaDue(ctx.globalStep()) && train.size() >= 2 * s) {
                metaUpdate(path, used, x, y, ctx.weightLr());
            }
            TeacherChoice choice = null;
            NDArray teacherProbs = null;
            if (!board.isEmpty()) {
                choice = matching.choose(board, images -> supernet.forward(images, path, true));
                try (NoGrad ng = NoGrad.open()) {
                    teacherProbs = supernet.forward(x, board.get(choice.teacher()).path(), true).softmax(1);
                }
                stats.distilled(choice.rho());
            }
            NDArray ownProbs;
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDArray l;
                try (NDManager pass = m.newSubManager()) {
                    NDArray logits = supernet.forward(passInput(x, pass), path, true);
                    correct = Losses.correct(logits, y);
                    l = choice == null ? Losses.crossEntropy(logits, y)
                            : PrioritizedPathLoss.loss(logits, y, teacherProbs, choice.rho());
                    l.attach(m);
                    ownProbs = firstRows(logits, s).stopGradient().softmax(1);
                    ownProbs.attach(m);
                }
                // the pass's arrays are closed: backward frees each saved tensor once used
                gc.backward(l);
                loss = Losses.scalar(l);
            }
            weights.step(used, ctx.weightLr());
            if (train.size() >= s) {
                double score = config.scoring().equals("batch") ? 100.0 * correct / train.size() : heldOutScore(path, m);
                NDArray stored = config.quirk(BoardConfig.STORE_TEACHER_OUTPUTS) && teacherProbs != null
                        ? firstRows(teacherProbs, s) : ownProbs;
                if (board.offer(path, score, macs, ctx.epoch(), ctx.globalStep(),
                        mm -> new NDArray[] {firstRows(x, s), stored})) {
                    stats.entered();
                }
            }
        }
        return new StepResult(loss, correct, train.size(), Double.NaN, 0, 0);
    }

    private static NDArray firstRows(NDArray a, int rows) {
        return a.get(new NDIndex("0:" + rows));
    }

    /** One look-ahead step of the matching network on slices of the batch: [0, S) trains, [S, 2S) is held out. */
    private void metaUpdate(Subnet path, Map<String, Param> used, NDArray x, NDArray y, double lr) {
        int s = config.storedImages();
        try (NDScope scope = new NDScope()) {
            TeacherChoice c = matching.choose(board, images -> supernet.forward(images, path, true));
            NDArray xs = firstRows(x, s);
            NDArray teacherProbs;
            try (NoGrad ng = NoGrad.open()) {
                teacherProbs = supernet.forward(xs, board.get(c.teacher()).path(), true).softmax(1);
            }
            NDIndex held = new NDIndex(s + ":" + 2 * s);
            Map<String, NDArray> g = lookAhead.gradient(new LookAheadMetaGradient.Problem(path, used, xs, teacherProbs,
                    board.get(c.rhoEntry()), x.get(held), y.get(held), lr));
            if (g.isEmpty() || !meta.update(g, config.metaLr())) {
                metaSkipped++;
            }
        }
    }

    /** Top-1 in percent of {@code path} on the held-out batch, batch statistics, no gradient. */
    private double heldOutScore(Subnet path, NDManager m) {
        try (NoGrad ng = NoGrad.open(); NDManager mm = m.newSubManager()) {
            NDArray logits = supernet.forward(heldOut.x(mm), path, true);
            return 100.0 * Losses.correct(logits, heldOut.y(mm)) / heldOut.size();
        }
    }

    /** The board, the matching network's activity and rho over the epoch, for the epoch's metrics line. */
    @Override
    public Map<String, Object> epochMetrics() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("board_size", board.size());
        out.put("board_entered", stats.entered);
        out.put("distilled_steps", stats.distilled);
        out.put("rho_mean", stats.distilled == 0 ? null : stats.rhoSum / stats.distilled);
        out.put("meta_updates", meta == null ? 0 : meta.updates());
        out.put("meta_skipped", metaSkipped);
        List<Map<String, Object>> entries = new ArrayList<>();
        for (BoardEntry e : board.entries()) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("subnet", e.path().toString());
            row.put("score", e.score());
            row.put("mflops", e.macs() / 1e6);
            entries.add(row);
        }
        out.put("board", entries);
        return out;
    }

    @Override
    public Map<String, NDArray> stateArrays() {
        Map<String, NDArray> out = new LinkedHashMap<>(super.stateArrays());
        out.putAll(board.stateArrays());
        if (meta != null) {
            out.putAll(meta.stateArrays());
        }
        return out;
    }

    @Override
    public JsonNode stateJson() {
        ObjectNode out = ((ObjectNode) super.stateJson()).deepCopy();
        out.set("board", board.stateJson());
        out.put("meta_updates", meta == null ? 0 : meta.updates());
        out.put("meta_skipped", metaSkipped);
        out.set("epoch_stats", stats.toJson(out.objectNode()));
        return out;
    }

    @Override
    public void loadState(Map<String, NDArray> arrays, JsonNode json) {
        super.loadState(arrays, json);
        board.loadState(arrays, json.path("board"), text -> {
            Subnet path = Subnet.parse(text);
            sampler.space().validate(path);
            return path;
        });
        if (meta != null) {
            meta.loadState(arrays, json.path("meta_updates").asLong(0));
        }
        metaSkipped = json.path("meta_skipped").asLong(0);
        stats.load(json.path("epoch_stats"));
    }

    /** What an epoch's metrics report, kept in the checkpoint so a resumed epoch counts on. */
    private static final class EpochStats {
        int epoch = -1;
        long entered;
        long distilled;
        double rhoSum;

        void startIfNew(int e) {
            if (e != epoch) {
                epoch = e;
                entered = 0;
                distilled = 0;
                rhoSum = 0;
            }
        }

        void entered() {
            entered++;
        }

        void distilled(double rho) {
            distilled++;
            rhoSum += rho;
        }

        ObjectNode toJson(ObjectNode o) {
            return o.put("epoch", epoch).put("entered", entered).put("distilled", distilled).put("rho_sum", rhoSum);
        }

        void load(JsonNode j) {
            epoch = j.path("epoch").asInt(-1);
            entered = j.path("entered").asLong(0);
            distilled = j.path("distilled").asLong(0);
            rhoSum = j.path("rho_sum").asDouble(0);
        }
    }
}

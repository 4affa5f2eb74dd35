package org.distillnas.distill;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.Map;
import org.distillnas.data.Batch;
import org.distillnas.step.StepContext;
import org.distillnas.nn.Fn;
import org.distillnas.supernet.Supernet;
import org.distillnas.util.NoGrad;
import org.distillnas.util.NamedArrays;

/**
 * Self-distillation with voting teachers (SD-DARTS, Zhu et al. 2023) as a component a search
 * strategy is given: the weight step's loss becomes
 *
 * <pre>
 *   L = CE(z, y) + lambda_e * T^2 * KL(p || softmax(z / T)),   p = vote_k(softmax(t_k / T))
 * </pre>
 *
 * <p>with z the student's logits, t_k the K teachers' logits for the same batch
 * ({@link TeacherSource}), {@code vote} the aggregation rule ({@link Voting}), the loss of
 * {@link KlDistillationLoss} (or the alpha-divergence chosen by {@code --kd-loss}, see
 * {@link DistillLossConfig}) and lambda_e the {@link LambdaSchedule}. For hard voting, whose result is
 * a smoothed one-hot label, the teachers vote with {@code softmax(t_k)} and the label is softened
 * like a teacher's output: {@code p = softmax(log vote_k(softmax(t_k)) / T)} (see {@link HardVoting}).
 * With {@code arch} on, the
 * architecture step's validation loss gets the same term (teachers on the validation batch). Before
 * the first teacher exists, and while lambda_e is 0, the loss is the plain cross-entropy and no
 * teacher runs.
 *
 * <p>Use per step: {@link #begin} before the step's passes (teachers predict, without gradient,
 * in the step's manager), the returned {@link Step}'s losses inside the passes, its {@code record}
 * methods with each trained-on pass's logits, and {@link #end} after the weight update. The losses
 * reported for the step (train_loss, arch loss) are then the whole objectives, CE plus the term;
 * the end-of-epoch validation loss stays the plain cross-entropy.
 */
public final class SelfDistillation {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final TeacherSource trainTeachers;
    private final TeacherSource valTeachers;
    private final Voting voting;
    private final DistillationLoss loss;
    private final double temperature;
    private final LambdaSchedule schedule;

    /**
     * @param trainTeachers teachers of the weight step's (training) batches
     * @param valTeachers teachers of the architecture step's (validation) batches; null: the
     *     architecture step is not distilled. May be the same object as {@code trainTeachers}.
     * @param temperature T by which the teachers' logits are softened before voting
     */
    public SelfDistillation(TeacherSource trainTeachers, TeacherSource valTeachers, Voting voting,
            DistillationLoss loss, double temperature, LambdaSchedule schedule) {
        this.trainTeachers = trainTeachers;
        this.valTeachers = valTeachers;
        this.voting = voting;
        this.loss = loss;
        this.temperature = temperature;
        this.schedule = schedule;
    }

    /**
     * The component a configuration describes, for a search of {@code supernet} whose training and
     * validation splits have the given numbers of samples.
     */
    public static SelfDistillation of(SelfDistillConfig c, DistillLossConfig kd, Supernet supernet, int trainSamples,
            int valSamples) {
        TeacherSource train;
        TeacherSource val = null;
        if (c.source().equals("cache")) {
            NDManager manager = supernet.namedParams().values().iterator().next().value().getManager();
            train = new CachedTeachers(c.teachers(), trainSamples, manager);
            if (c.arch()) {
                val = new CachedTeachers(c.teachers(), valSamples, manager);
            }
        } else {
            train = new SnapshotTeachers(supernet, c.teachers(), c.every());
            if (c.arch()) {
                val = train;
            }
        }
        return new SelfDistillation(train, val, Voting.byName(c.vote(), c.hardSmoothing()),
                kd.create(c.temperature()), c.temperature(), c.schedule());
    }

    public TeacherSource trainTeachers() {
        return trainTeachers;
    }

    /**
     * Prepares a step: the teachers' aggregated targets for its batches, in {@code m}.
     *
     * @param archStep whether the step makes an architecture update (on {@code val})
     */
    public Step begin(Batch train, NDArray xTrain, Batch val, NDArray xVal, boolean archStep, StepContext ctx,
            NDManager m) {
        double lambda = schedule.at(ctx.epoch());
        Target trainTarget = null;
        Target valTarget = null;
        if (lambda > 0) {
            trainTarget = target(trainTeachers.logits(train, xTrain, ctx, m));
            if (valTeachers != null && archStep) {
                valTarget = target(valTeachers.logits(val, xVal, ctx, m));
            }
        }
        return new Step(train, val, ctx, lambda, trainTarget, valTarget);
    }

    /** After the step's weight update (the snapshot ring may take a snapshot). */
    public void end(StepContext ctx) {
        trainTeachers.stepDone(ctx);
        if (valTeachers != null && valTeachers != trainTeachers) {
            valTeachers.stepDone(ctx);
        }
    }

    /** The voted target of a batch's rows that have teachers. */
    private record Target(NDArray probs, int[] rows) {}

    private Target target(TeacherLogits t) {
        if (t == null) {
            return null;
        }
        try (NoGrad ignored = NoGrad.open()) {
            NDArray temp = Fn.scalar(t.logits(), temperature);
            if (voting.votesOnLabels()) {
                // a voted label at T = 1, softened as if its log-probabilities were logits
                NDArray label = voting.aggregate(t.logits().softmax(2));
                NDArray logits = label.maximum(Fn.scalar(label, 1e-30)).log();
                return new Target(logits.div(temp).softmax(1), t.rows());
            }
            return new Target(voting.aggregate(t.logits().div(temp).softmax(2)), t.rows());
        }
    }

    /** One step's distillation terms. */
    public final class Step {
        private final Batch train;
        private final Batch val;
        private final StepContext ctx;
        private final double lambda;
        private final Target trainTarget;
        private final Target valTarget;

        private Step(Batch train, Batch val, StepContext ctx, double lambda, Target trainTarget, Target valTarget) {
            this.train = train;
            this.val = val;
            this.ctx = ctx;
            this.lambda = lambda;
            this.trainTarget = trainTarget;
            this.valTarget = valTarget;
        }

        /** The weight step's loss: {@code ce} plus the distillation term on the training batch. */
        public NDArray weightLoss(NDArray ce, NDArray logits) {
            return withTerm(ce, logits, trainTarget);
        }

        /** The architecture step's loss: {@code ce} plus the term on the validation batch when distilled. */
        public NDArray archLoss(NDArray ce, NDArray logits) {
            return withTerm(ce, logits, valTarget);
        }

        /** The logits of the weight step's pass, before the update. */
        public void recordTrain(NDArray logits) {
            trainTeachers.record(train, logits, ctx);
        }

        /** The logits of the architecture step's pass. */
        public void recordVal(NDArray logits) {
            if (valTeachers != null && valTeachers != trainTeachers) {
                valTeachers.record(val, logits, ctx);
            }
        }

        private NDArray withTerm(NDArray ce, NDArray logits, Target target) {
            if (target == null) {
                return ce;
            }
            NDArray student = rows(logits, target.rows());
            NDArray term = loss.loss(student, target.probs());
            return ce.add(term.mul(Fn.scalar(term, lambda)));
        }
    }

    /** The given rows of (N, C) logits, differentiably (gather along the batch axis). */
    static NDArray rows(NDArray logits, int[] rows) {
        if (rows == null) {
            return logits;
        }
        long classes = logits.getShape().get(1);
        long[] wide = new long[rows.length];
        for (int i = 0; i < rows.length; i++) {
            wide[i] = rows[i];
        }
        NDArray index = logits.getManager().create(wide, new Shape(rows.length, 1)).repeat(1, classes);
        return logits.gather(index, 0);
    }

    public Map<String, NDArray> stateArrays() {
        Map<String, NDArray> out = new LinkedHashMap<>();
        trainTeachers.stateArrays().forEach((k, v) -> out.put("train." + k, v));
        if (valTeachers != null && valTeachers != trainTeachers) {
            valTeachers.stateArrays().forEach((k, v) -> out.put("val." + k, v));
        }
        return out;
    }

    public JsonNode stateJson() {
        ObjectNode node = JSON.createObjectNode();
        node.set("train", trainTeachers.stateJson());
        if (valTeachers != null && valTeachers != trainTeachers) {
            node.set("val", valTeachers.stateJson());
        }
        return node;
    }

    public void loadState(Map<String, NDArray> arrays, JsonNode json) {
        trainTeachers.loadState(NamedArrays.under(arrays, "train."), json.path("train"));
        if (valTeachers != null && valTeachers != trainTeachers) {
            valTeachers.loadState(NamedArrays.under(arrays, "val."), json.path("val"));
        }
    }
}

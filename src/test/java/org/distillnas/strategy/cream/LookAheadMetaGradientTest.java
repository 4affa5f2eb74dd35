package org.distillnas.strategy.cream;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.HashMap;
import java.util.Map;
import org.distillnas.distill.board.BoardEntry;
import org.distillnas.distill.board.MetaMatchingNetwork;
import org.distillnas.nn.Param;
import org.distillnas.nn.ParamFactory;
import org.distillnas.space.genotype.Subnet;
import org.distillnas.space.mbv3.MbSpace;
import org.distillnas.space.mbv3.SpaceFile;
import org.distillnas.supernet.SampledSupernet;
import org.distillnas.supernet.WeightSharing;
import org.distillnas.util.EngineSetup;
import org.distillnas.util.NoGrad;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The matching network's look-ahead gradient against central finite differences of the whole
 * look-ahead procedure (simulated step, then the held-out loss) in the network's weights, on a tiny
 * choice supernet in double precision and training mode (batch statistics: a smooth function).
 */
class LookAheadMetaGradientTest {
    /** Two searchable layers of 4 choices on 8x8 images, 3 classes. */
    static final String TINY = """
            name: tiny
            resolutions: [8]
            stem: {width: [4], stride: 1, activation: hswish}
            stages:
              - {width: [4], depth: [1], kernel: [3], expand: [1], stride: 1, se: false, activation: relu}
              - {width: [6], depth: [1, 2], kernel: [3, 5], expand: [2, 3], stride: 2, se: true, activation: hswish}
            last_conv: {width: [8], activation: hswish}
            feature: {width: [8], activation: hswish}
            """;

    @BeforeAll
    static void engine() {
        EngineSetup.start(1, 1);
    }

    static MbSpace tiny() {
        return new MbSpace(SpaceFile.parse(TINY, "tiny.yaml", true));
    }

    static NDArray normal(NDManager m, long seed, long... shape) {
        m.getEngine().setRandomSeed((int) seed);
        return m.randomNormal(new Shape(shape)).toType(DataType.FLOAT64, false);
    }

    /** A tiny supernet, its largest path as the student, an entry of 4 stored images and 3 classes, and slices. */
    record Fixture(SampledSupernet net, MetaMatchingNetwork meta, LookAheadMetaGradient.Problem problem) {
        static Fixture of(NDManager m) {
            MbSpace space = tiny();
            SampledSupernet net = space.supernet(WeightSharing.CHOICE, 1, 3,
                    new ParamFactory(m, 11, DataType.FLOAT64, ParamFactory.InitScheme.KAIMING_NORMAL));
            Subnet student = space.largest();
            MetaMatchingNetwork meta = new MetaMatchingNetwork(4 * 3, 5, DataType.FLOAT64, m);
            BoardEntry entry = new BoardEntry(space.smallest(), 50, 1, normal(m, 1, 4, 1, 8, 8),
                    normal(m, 2, 4, 3).softmax(1), 0);
            // a large step (xi = 0.5), so that the look-ahead's curvature matters
            LookAheadMetaGradient.Problem p = new LookAheadMetaGradient.Problem(student, net.paramsOf(student),
                    normal(m, 3, 4, 1, 8, 8), normal(m, 4, 4, 3).mul(2).softmax(1), entry, normal(m, 5, 4, 1, 8, 8),
                    m.create(new long[] {0, 2, 1, 2}), 0.5);
            return new Fixture(net, meta, p);
        }
    }

    @Test
    void metaGradientMatchesFiniteDifferencesOfTheLookAhead() {
        try (NDManager m = NDManager.newBaseManager()) {
            Fixture f = Fixture.of(m);
            MetaMatchingNetwork meta = f.meta();
            LookAheadMetaGradient.Problem p = f.problem();
            Map<String, Param> used = p.used();
            LookAheadMetaGradient lookAhead = new LookAheadMetaGradient(f.net(), meta, 1e-4, false);

            Map<String, double[]> before = values(f.net().namedParams());
            Map<String, double[]> grad = new HashMap<>();
            try (NDScope scope = new NDScope()) {
                lookAhead.gradient(p).forEach((k, v) -> grad.put(k, v.toDoubleArray()));
            }
            // the look-ahead leaves every weight and BatchNorm statistic as it found them
            Map<String, double[]> after = values(f.net().namedParams());
            assertThat(after).hasSizeGreaterThan(used.size());
            before.forEach((k, v) -> assertThat(after.get(k)).as(k).containsExactly(v));

            double h = 1e-5;
            int checked = 0;
            double largest = 0;
            for (Map.Entry<String, Param> e : meta.params().entrySet()) {
                NDArray w = e.getValue().value();
                double[] g = grad.get(e.getKey());
                for (int i = 0; i < w.size(); i++) {
                    double[] v = w.toDoubleArray();
                    double orig = v[i];
                    v[i] = orig + h;
                    set(w, v);
                    double up = lookAhead.lookAheadLoss(p);
                    v[i] = orig - h;
                    set(w, v);
                    double down = lookAhead.lookAheadLoss(p);
                    v[i] = orig;
                    set(w, v);
                    double fd = (up - down) / (2 * h);
                    assertThat(g[i]).as("%s[%d]", e.getKey(), i).isCloseTo(fd, org.assertj.core.data.Offset.offset(
                            1e-6 + 1e-3 * Math.abs(fd)));
                    largest = Math.max(largest, Math.abs(fd));
                    checked++;
                }
            }
            assertThat(checked).isEqualTo(13);
            // the check means something only if the meta-gradient is not zero
            assertThat(largest).isGreaterThan(1e-4);
        }
    }

    /**
     * The reference's quirk: the meta-gradient flows through the first weight tensor only,
     * {@code -xi * d/dphi [v_1 . grad_w1 L_kd(w, phi)]} with v_1 the first tensor of v at w'. Checked
     * against central differences in phi of {@code v_1 . (w_1 - xi grad_w1 L_kd(w, phi))}, v_1 held fixed.
     */
    @Test
    void firstTensorQuirkIsTheDerivativeThroughTheFirstTensor() {
        try (NDManager m = NDManager.newBaseManager(); NDScope scope = new NDScope()) {
            Fixture f = Fixture.of(m);
            LookAheadMetaGradient.Problem p = f.problem();
            LookAheadMetaGradient quirk = new LookAheadMetaGradient(f.net(), f.meta(), 1e-4, true);
            Map<String, NDArray> g = quirk.gradient(p);
            Map<String, Param> weights = LookAheadMetaGradient.trainable(p.used());
            String first = weights.keySet().iterator().next();
            // v_1 at w' = w - xi grad_w L_kd(w, phi)
            Map<String, NDArray> backup = new HashMap<>();
            weights.forEach((k, w) -> backup.put(k, w.value().duplicate()));
            Map<String, NDArray> step = quirk.kdGradient(p, weights, true);
            try (NoGrad ng = NoGrad.open()) {
                weights.forEach((k, w) -> w.value().subi(step.get(k).mul(p.xi())));
            }
            Map<String, NDArray> v = quirk.simulatedValidationGradient(p, weights);
            assertThat(v).containsOnlyKeys(first);
            try (NoGrad ng = NoGrad.open()) {
                weights.forEach((k, w) -> w.value().muli(0).addi(backup.get(k)));
            }
            double[] v1 = v.get(first).toDoubleArray();
            double h = 1e-5;
            for (Map.Entry<String, Param> e : f.meta().params().entrySet()) {
                NDArray w = e.getValue().value();
                double[] grad = g.get(e.getKey()).toDoubleArray();
                for (int i = 0; i < w.size(); i++) {
                    double[] vals = w.toDoubleArray();
                    double orig = vals[i];
                    vals[i] = orig + h;
                    set(w, vals);
                    double up = dot(v1, quirk.kdGradient(p, weights, true).get(first).toDoubleArray());
                    vals[i] = orig - h;
                    set(w, vals);
                    double down = dot(v1, quirk.kdGradient(p, weights, true).get(first).toDoubleArray());
                    vals[i] = orig;
                    set(w, vals);
                    double fd = -p.xi() * (up - down) / (2 * h);
                    assertThat(grad[i]).as("%s[%d]", e.getKey(), i)
                            .isCloseTo(fd, org.assertj.core.data.Offset.offset(1e-7 + 1e-3 * Math.abs(fd)));
                }
            }
            double[] full = new LookAheadMetaGradient(f.net(), f.meta(), 1e-4, false).gradient(p).get("weight")
                    .toDoubleArray();
            assertThat(g.get("weight").toDoubleArray()).isNotEqualTo(full);
        }
    }

    static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    static Map<String, double[]> values(Map<String, Param> params) {
        Map<String, double[]> out = new HashMap<>();
        params.forEach((k, p) -> out.put(k, p.value().toType(DataType.FLOAT64, false).toDoubleArray()));
        return out;
    }

    static void set(NDArray w, double[] v) {
        try (NoGrad ng = NoGrad.open(); NDArray src = w.getManager().create(v, w.getShape())) {
            w.muli(0).addi(src);
        }
    }
}

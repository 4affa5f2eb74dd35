package org.distillnas.distill.board;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.function.UnaryOperator;
import org.distillnas.util.NoGrad;

/**
 * Teacher choice by Cream's matching network: each board entry is scored from the student's
 * predictions on the entry's stored images ({@link MetaMatchingNetwork}); the entry with the
 * highest score teaches, and the distillation term's weight is {@code rho = sigmoid(-score)}.
 *
 * <p>The reference code takes rho from the <i>last</i> entry it scored, not from the chosen one
 * (its loop variable outlives the loop). That is the option {@code rhoFromLastScored}, off by
 * default.
 */
public final class MetaMatching implements BoardMatching {
    private final MetaMatchingNetwork network;
    private final boolean rhoFromLastScored;

    public MetaMatching(MetaMatchingNetwork network, boolean rhoFromLastScored) {
        this.network = network;
        this.rhoFromLastScored = rhoFromLastScored;
    }

    public MetaMatchingNetwork network() {
        return network;
    }

    @Override
    public TeacherChoice choose(PrioritizedBoard board, UnaryOperator<NDArray> student) {
        double[] scores = new double[board.size()];
        try (NoGrad ng = NoGrad.open()) {
            for (int i = 0; i < board.size(); i++) {
                BoardEntry e = board.get(i);
                try (NDManager m = e.images().getManager().newSubManager()) {
                    NDArray x = e.images().duplicate();
                    x.attach(m);
                    NDArray q = student.apply(x).softmax(1);
                    q.attach(m);
                    NDArray s = network.score(q, e.probs());
                    s.attach(m);
                    scores[i] = s.toType(ai.djl.ndarray.types.DataType.FLOAT64, false).getDouble();
                }
            }
        }
        int best = 0;
        for (int i = 1; i < scores.length; i++) {
            if (scores[i] > scores[best]) {
                best = i;
            }
        }
        int rhoEntry = rhoFromLastScored ? scores.length - 1 : best;
        return new TeacherChoice(best, rhoEntry, sigmoid(-scores[rhoEntry]), scores[best]);
    }

    /** The logistic function 1 / (1 + e^-x). */
    public static double sigmoid(double x) {
        return 1 / (1 + Math.exp(-x));
    }
}

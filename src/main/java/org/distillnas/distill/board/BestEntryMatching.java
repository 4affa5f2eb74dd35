package org.distillnas.distill.board;

import ai.djl.ndarray.NDArray;
import java.util.function.UnaryOperator;

/**
 * The fixed matching rule of Cream's ablation without a matching network: every student learns
 * from the board's best entry with a constant rho (the reference code's {@code top1} pick uses 0.5,
 * which weights the labels three times as much as the teacher).
 */
public final class BestEntryMatching implements BoardMatching {
    private final double rho;

    /** @param rho the constant weight of the distillation term, in [0, 1] */
    public BestEntryMatching(double rho) {
        this.rho = rho;
    }

    @Override
    public TeacherChoice choose(PrioritizedBoard board, UnaryOperator<NDArray> student) {
        return new TeacherChoice(0, 0, rho, Double.NaN);
    }
}

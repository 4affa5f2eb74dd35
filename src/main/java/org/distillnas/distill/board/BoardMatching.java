package org.distillnas.distill.board;

import ai.djl.ndarray.NDArray;
import java.util.function.UnaryOperator;

/**
 * How a student path picks its teacher on the prioritized board: by Cream's matching network
 * ({@link MetaMatching}) or by a fixed rule ({@link BestEntryMatching}, the paper's ablation).
 */
public interface BoardMatching {
    /**
     * @param board a board with at least one entry
     * @param student the student path's logits for a batch of images, computed without gradient
     */
    TeacherChoice choose(PrioritizedBoard board, UnaryOperator<NDArray> student);
}

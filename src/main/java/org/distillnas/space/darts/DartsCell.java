package org.distillnas.space.darts;

import ai.djl.ndarray.NDArray;
import org.distillnas.supernet.CellWeights;

/** A DARTS cell, searchable or discrete: two inputs (the two previous cells' outputs). */
interface DartsCell {
    /**
     * @param weights the edge weights of this cell's type (search cells), or null
     */
    NDArray forward(NDArray s0, NDArray s1, CellWeights weights, boolean training);

    /** Channels of the cell's output (the concatenated nodes). */
    int outChannels();
}

package org.distillnas.space.darts;

import ai.djl.ndarray.NDArray;

/** A DARTS cell, searchable or discrete: two inputs (the two previous cells' outputs). */
interface DartsCell {
    /**
     * @param weights per edge the op weights of this cell's type (search cells), or null
     */
    NDArray forward(NDArray s0, NDArray s1, NDArray[][] weights, boolean training);

    /** Channels of the cell's output (the concatenated nodes). */
    int outChannels();
}

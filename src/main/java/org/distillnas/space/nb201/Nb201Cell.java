package org.distillnas.space.nb201;

import ai.djl.ndarray.NDArray;
import org.distillnas.supernet.CellWeights;

/** A NAS-Bench-201 cell, searchable or discrete: nodes 0..3, output = node 3. */
interface Nb201Cell {
    /**
     * @param weights the edge weights (search cells), or null (discrete cells)
     */
    NDArray forward(NDArray x, CellWeights weights, boolean training);
}

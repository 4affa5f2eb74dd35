package org.distillnas.util;

import ai.djl.ndarray.NDArray;
import java.util.LinkedHashMap;
import java.util.Map;

/** Named arrays of a checkpoint, whose names nest by prefix ({@code optim.weights.}, {@code distill.}). */
public final class NamedArrays {
    private NamedArrays() {}

    /** The arrays whose names start with {@code prefix}, under their names without it, in order. */
    public static Map<String, NDArray> under(Map<String, NDArray> arrays, String prefix) {
        Map<String, NDArray> out = new LinkedHashMap<>();
        arrays.forEach((k, v) -> {
            if (k.startsWith(prefix)) {
                out.put(k.substring(prefix.length()), v);
            }
        });
        return out;
    }
}

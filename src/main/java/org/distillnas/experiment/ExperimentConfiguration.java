package org.distillnas.experiment;

import java.util.List;

/**
 * One configuration of an experiment, e.g. RF-DARTS: the options that set it apart from the others.
 *
 * @param name folder-safe name, the first part of its trials' ids ({@code rf-darts-seed0})
 * @param search search options of this configuration ({@code --method rf-darts})
 * @param sharpness options of a {@code distillnas sharpness} measurement of the finished search's
 *     last checkpoint, or null for none
 * @param steps this configuration's own steps, after the spec's (Cream's board paths, say)
 */
public record ExperimentConfiguration(String name, List<String> search, List<String> sharpness, List<StepTemplate> steps) {
    public ExperimentConfiguration {
        search = List.copyOf(search);
        sharpness = sharpness == null ? null : List.copyOf(sharpness);
        steps = List.copyOf(steps);
    }
}

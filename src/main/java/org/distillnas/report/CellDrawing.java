package org.distillnas.report;

import java.nio.file.Path;
import java.util.List;
import org.distillnas.space.genotype.DartsGenotype;
import org.distillnas.space.genotype.Genotype;
import org.distillnas.space.genotype.Nb201Genotype;

/**
 * A found cell drawn as in the papers' figures: nodes left to right, each edge an arrow coloured
 * and labelled with its op. One layout serves the SVG of the report and the dashboard and the PNG
 * written beside a search ({@code cell-<name>.png}).
 */
public final class CellDrawing {
    private final CellLayout layout;

    private CellDrawing(CellLayout layout) {
        this.layout = layout;
    }

    /**
     * The drawings of a genotype: one ("cell") for NAS-Bench-201, two ("normal", "reduce") for the
     * DARTS spaces, none for a subnet of a sampling space, which has no cell.
     */
    public static List<CellDrawing> of(Genotype g) {
        if (g instanceof Nb201Genotype n) {
            return List.of(new CellDrawing(CellLayout.of(n)));
        }
        if (g instanceof DartsGenotype d) {
            return CellLayout.of(d).stream().map(CellDrawing::new).toList();
        }
        return List.of();
    }

    public String name() {
        return layout.name;
    }

    public String svg() {
        return CellSvg.of(layout);
    }

    /** Writes the drawing as a PNG (atomically). */
    public void writePng(Path file) {
        ChartImages.writePng(CellPng.of(layout), file);
    }
}

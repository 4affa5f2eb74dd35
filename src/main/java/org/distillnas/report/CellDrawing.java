package org.distillnas.report;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;
import org.distillnas.space.genotype.Genotype;

/**
 * A picture of one found cell as the DARTS and NAS-Bench-201 papers draw it: nodes left to right,
 * each edge an arrow labelled with its op in the op's {@link ChartTheme#opColor colour}. The same
 * layout is given as SVG (for the HTML report and the dashboard) and as PNG (for the run folder),
 * so the two always show the same picture.
 *
 * <p>NAS-Bench-201 cells show nodes 0 (input) to 3 (output) and every edge but those with op
 * "none", which contribute nothing; DARTS cells show the inputs c<sub>k-2</sub> and
 * c<sub>k-1</sub>, the intermediate nodes 0.. with their two chosen edges each, and grey
 * unlabelled edges from the concatenated nodes to the output c<sub>k</sub>.
 */
public final class CellDrawing {
    private final CellLayout layout;

    CellDrawing(CellGraph graph) {
        this.layout = new CellLayout(graph);
    }

    /**
     * The drawings of {@code genotype}'s cells: "cell" for NAS-Bench-201, "normal" and "reduce" for
     * DARTS, and none for a sampling space's subnet, which has no cell.
     */
    public static List<CellDrawing> of(Genotype genotype) {
        return CellGraph.of(genotype).stream().map(CellDrawing::new).toList();
    }

    /** The cell's name, unique within its genotype and safe in a file name: "cell", "normal" or "reduce". */
    public String name() {
        return layout.graph().name();
    }

    /** What is drawn, e.g. "DARTS normal cell"; also the drawing's heading. */
    public String title() {
        return layout.graph().title();
    }

    /** A standalone SVG document (see {@link CellSvg} for its classes and data attributes). */
    public String svg() {
        return CellSvg.render(layout);
    }

    /** The drawing as an image, at twice the SVG's pixel size. */
    public BufferedImage image() {
        return CellPng.render(layout);
    }

    /** Writes the drawing as a PNG, atomically, so a reader never sees half a file. */
    public void writePng(Path file) {
        ChartImages.writePng(image(), file);
    }

    CellLayout layout() {
        return layout;
    }
}

package org.distillnas.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import javax.xml.parsers.DocumentBuilderFactory;
import org.distillnas.report.CellGraph.Kind;
import org.distillnas.report.CellGraph.Link;
import org.distillnas.report.CellGraph.Node;
import org.distillnas.report.CellLayout.PlacedEdge;
import org.distillnas.space.genotype.DartsGenotype;
import org.distillnas.space.genotype.Edge;
import org.distillnas.space.genotype.Nb201Genotype;
import org.distillnas.space.genotype.Subnet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

class CellDrawingTest {
    /** The genotype of a tiny NAS-Bench-201 search: one "none" edge (0->3). */
    private static final String NB201 = "|nor_conv_3x3~0|+|nor_conv_1x1~0|nor_conv_3x3~1|+|none~0|nor_conv_3x3~1|avg_pool_3x3~2|";

    @TempDir
    Path dir;

    /** The genotype of a tiny DARTS search. */
    static DartsGenotype darts() {
        List<Edge> normal = List.of(new Edge("avg_pool_3x3", 1), new Edge("sep_conv_3x3", 0),
                new Edge("max_pool_3x3", 1), new Edge("avg_pool_3x3", 2), new Edge("sep_conv_3x3", 2),
                new Edge("avg_pool_3x3", 1), new Edge("avg_pool_3x3", 1), new Edge("avg_pool_3x3", 2));
        List<Edge> reduce = List.of(new Edge("sep_conv_3x3", 0), new Edge("dil_conv_3x3", 1),
                new Edge("avg_pool_3x3", 0), new Edge("avg_pool_3x3", 2), new Edge("avg_pool_3x3", 0),
                new Edge("avg_pool_3x3", 1), new Edge("skip_connect", 4), new Edge("avg_pool_3x3", 3));
        return new DartsGenotype("darts", normal, List.of(2, 3, 4, 5), reduce, List.of(2, 3, 4, 5));
    }

    static Document parse(String svg) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        return factory.newDocumentBuilder().parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
    }

    /** The elements named {@code tag} whose class attribute is exactly {@code cls}. */
    static List<Element> byClass(Document doc, String tag, String cls) {
        List<Element> out = new ArrayList<>();
        NodeList all = doc.getElementsByTagName(tag);
        for (int i = 0; i < all.getLength(); i++) {
            Element e = (Element) all.item(i);
            if (cls.equals(e.getAttribute("class"))) {
                out.add(e);
            }
        }
        return out;
    }

    @Test
    void nb201CellHasFourNodesAndOneLabelledEdgePerOpOtherThanNone() throws Exception {
        List<CellDrawing> drawings = CellDrawing.of(Nb201Genotype.parse(NB201));
        assertThat(drawings).extracting(CellDrawing::name).containsExactly("cell");
        Document svg = parse(drawings.get(0).svg());

        assertThat(svg.getDocumentElement().getTagName()).isEqualTo("svg");
        assertThat(svg.getDocumentElement().getAttribute("viewBox")).matches("0 0 \\d+ \\d+");
        assertThat(svg.getElementsByTagName("title").item(0).getTextContent()).isEqualTo("NAS-Bench-201 cell");
        assertThat(svg.getElementsByTagName("marker").getLength()).isPositive();
        assertThat(byClass(svg, "g", "node")).extracting(n -> n.getAttribute("data-node")).containsExactly("0", "1", "2", "3");
        List<Element> edges = byClass(svg, "path", "edge");
        assertThat(edges).extracting(e -> e.getAttribute("data-from") + "->" + e.getAttribute("data-to") + " "
                + e.getAttribute("data-op")).containsExactlyInAnyOrder("0->1 nor_conv_3x3", "0->2 nor_conv_1x1",
                "1->2 nor_conv_3x3", "1->3 nor_conv_3x3", "2->3 avg_pool_3x3");
        assertThat(edges).allSatisfy(e -> assertThat(e.getAttribute("marker-end")).startsWith("url(#"));
        assertThat(byClass(svg, "text", "op-label")).extracting(Element::getTextContent)
                .containsExactlyInAnyOrder("nor_conv_3x3", "nor_conv_1x1", "nor_conv_3x3", "nor_conv_3x3", "avg_pool_3x3");
        assertThat(byClass(svg, "path", "concat")).isEmpty();
    }

    @Test
    void edgeColourIsTheOpColour() throws Exception {
        Document svg = parse(CellDrawing.of(Nb201Genotype.parse(NB201)).get(0).svg());
        assertThat(byClass(svg, "path", "edge")).allSatisfy(e -> assertThat(e.getAttribute("stroke"))
                .isEqualTo(ChartTheme.hex(ChartTheme.opColor(e.getAttribute("data-op")))));
    }

    @Test
    void dartsGenotypeHasNormalAndReduceCellsWithSevenNodesEightOpsAndFourConcatEdges() throws Exception {
        List<CellDrawing> drawings = CellDrawing.of(darts());
        assertThat(drawings).extracting(CellDrawing::name).containsExactly("normal", "reduce");
        for (CellDrawing d : drawings) {
            Document svg = parse(d.svg());
            assertThat(byClass(svg, "g", "node")).extracting(n -> n.getAttribute("data-node"))
                    .containsExactly("c_{k-2}", "c_{k-1}", "0", "1", "2", "3", "c_{k}");
            assertThat(byClass(svg, "path", "edge")).hasSize(8).allSatisfy(e -> assertThat(e.getAttribute("data-op")).isNotEmpty());
            assertThat(byClass(svg, "text", "op-label")).hasSize(8);
            assertThat(byClass(svg, "path", "concat")).extracting(e -> e.getAttribute("data-from") + "->" + e.getAttribute("data-to"))
                    .containsExactlyInAnyOrder("2->6", "3->6", "4->6", "5->6");
        }
        Document normal = parse(drawings.get(0).svg());
        assertThat(byClass(normal, "path", "edge")).extracting(e -> e.getAttribute("data-from") + "->" + e.getAttribute("data-to")
                + " " + e.getAttribute("data-op")).contains("1->2 avg_pool_3x3", "0->2 sep_conv_3x3", "2->3 avg_pool_3x3");
    }

    @Test
    void subnetHasNoCell() {
        Subnet subnet = Subnet.parse("mbv3-small:r28:s8:16[k3e1]:16[k3e3,-]:24[k3e3,-,-]:32[k3e3]:48[k3e3]:l192:f256");
        assertThat(CellDrawing.of(subnet)).isEmpty();
    }

    @Test
    void opNamesAndTitlesAreXmlEscaped() throws Exception {
        String op = "a<&>\"'b";
        CellGraph graph = new CellGraph("x", "cell <&>", List.of(new Node("in<", Kind.INPUT), new Node("out&", Kind.OUTPUT)),
                List.of(new Link(0, 1, op)));
        String svg = new CellDrawing(graph).svg();
        assertThat(svg).doesNotContain("a<&>");
        Document doc = parse(svg);
        assertThat(byClass(doc, "path", "edge").get(0).getAttribute("data-op")).isEqualTo(op);
        assertThat(byClass(doc, "text", "op-label").get(0).getTextContent()).isEqualTo(op);
        assertThat(doc.getElementsByTagName("title").item(0).getTextContent()).isEqualTo("cell <&>");
        assertThat(byClass(doc, "g", "node")).extracting(n -> n.getAttribute("data-node")).containsExactly("in<", "out&");
    }

    @Test
    void writePngWritesADecodableImageTwiceTheSvgSize() throws Exception {
        for (CellDrawing d : CellDrawing.of(darts())) {
            Path file = dir.resolve("cell-" + d.name() + ".png");
            d.writePng(file);
            BufferedImage image = ImageIO.read(file.toFile());
            assertThat(image).isNotNull();
            assertThat(image.getWidth()).isEqualTo(d.layout().width() * CellPng.SCALE).isPositive();
            assertThat(image.getHeight()).isEqualTo(d.layout().height() * CellPng.SCALE).isPositive();
        }
    }

    @Test
    void plotCellsWritesOnePngPerCell() throws Exception {
        assertThat(SearchPlots.plotCells(darts(), dir)).containsExactly(dir.resolve("cell-normal.png"), dir.resolve("cell-reduce.png"));
        assertThat(SearchPlots.plotCells(Nb201Genotype.parse(NB201), dir)).containsExactly(dir.resolve("cell-cell.png"));
        assertThat(ImageIO.read(dir.resolve("cell-cell.png").toFile())).isNotNull();
    }

    @Test
    void columnIsTheLongestPathFromTheInput() {
        // node 3 is fed by node 0 only (its other edges are "none"), so it sits next to the input
        Nb201Genotype shallow = Nb201Genotype.parse("|nor_conv_3x3~0|+|nor_conv_3x3~0|none~1|+|skip_connect~0|none~1|none~2|");
        assertThat(CellLayout.columns(CellGraph.of(shallow).get(0))).containsExactly(0, 1, 1, 1);
        Nb201Genotype chain = Nb201Genotype.parse("|nor_conv_3x3~0|+|none~0|nor_conv_3x3~1|+|skip_connect~0|none~1|nor_conv_3x3~2|");
        assertThat(CellLayout.columns(CellGraph.of(chain).get(0))).containsExactly(0, 1, 2, 3);
        // a node behind "none" edges only is not an input: it stays out of the inputs' column
        Nb201Genotype cut = Nb201Genotype.parse("|none~0|+|nor_conv_3x3~0|none~1|+|none~0|nor_conv_3x3~1|none~2|");
        assertThat(CellLayout.columns(CellGraph.of(cut).get(0))).containsExactly(0, 1, 1, 2);
        // DARTS: c_{k-2}, c_{k-1} | 0 | 1 2 3 | output
        assertThat(CellLayout.columns(CellGraph.of(darts()).get(0))).containsExactly(0, 0, 1, 2, 2, 2, 3);
    }

    @Test
    void nodesOfAColumnShareXAndLieApart() {
        CellLayout layout = CellDrawing.of(darts()).get(0).layout();
        List<CellLayout.PlacedNode> nodes = layout.nodes();
        assertThat(nodes.get(0).box().cx()).isEqualTo(nodes.get(1).box().cx());
        assertThat(nodes.get(3).box().cx()).isEqualTo(nodes.get(4).box().cx()).isEqualTo(nodes.get(5).box().cx());
        assertThat(nodes.get(2).box().cx()).isBetween(nodes.get(0).box().cx(), nodes.get(3).box().cx());
        for (int i = 0; i < nodes.size(); i++) {
            for (int j = i + 1; j < nodes.size(); j++) {
                assertThat(nodes.get(i).box().overlaps(nodes.get(j).box(), 0)).isFalse();
            }
        }
    }

    @Test
    void labelsOverlapNeitherEachOtherNorNodesInAnyNb201CellNorTheDartsCells() {
        // all 15,625 cells: a few seconds, and no shape of cell is left out
        for (Nb201Genotype cell : Nb201Genotype.enumerate()) {
            assertLabelsApart(CellDrawing.of(cell).get(0).layout(), "cell " + cell.index());
        }
        for (CellDrawing d : CellDrawing.of(darts())) {
            assertLabelsApart(d.layout(), d.name());
        }
    }

    private static void assertLabelsApart(CellLayout layout, String what) {
        List<CellLayout.Box> labels = layout.edges().stream().map(PlacedEdge::label).filter(b -> b != null).toList();
        for (int i = 0; i < labels.size(); i++) {
            for (int j = i + 1; j < labels.size(); j++) {
                assertThat(labels.get(i).overlaps(labels.get(j), 0)).as(what + ": labels " + i + ", " + j).isFalse();
            }
            for (CellLayout.PlacedNode n : layout.nodes()) {
                assertThat(labels.get(i).overlaps(n.box(), 0)).as(what + ": label " + i + " on node " + n.node().label()).isFalse();
            }
            assertThat(labels.get(i).left()).as(what).isGreaterThanOrEqualTo(0);
            assertThat(labels.get(i).left() + labels.get(i).w()).as(what).isLessThanOrEqualTo(layout.width());
        }
    }
}

package org.distillnas.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import javax.xml.parsers.DocumentBuilderFactory;
import org.distillnas.space.genotype.DartsGenotype;
import org.distillnas.space.genotype.Edge;
import org.distillnas.space.genotype.Genotypes;
import org.distillnas.space.genotype.Nb201Genotype;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

class CellDrawingTest {
    @TempDir
    Path tmp;

    private static Document parse(String svg) throws Exception {
        return DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new ByteArrayInputStream(svg.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    }

    private static List<Element> withClass(Document d, String tag, String cls) {
        NodeList all = d.getElementsByTagName(tag);
        List<Element> found = new java.util.ArrayList<>();
        for (int i = 0; i < all.getLength(); i++) {
            Element e = (Element) all.item(i);
            if (List.of(e.getAttribute("class").split(" ")).contains(cls)) {
                found.add(e);
            }
        }
        return found;
    }

    @Test
    void aNasBench201CellHasFourNodesAndAnArrowPerOpOtherThanNone() throws Exception {
        Nb201Genotype g = Nb201Genotype.parse("|nor_conv_3x3~0|+|none~0|skip_connect~1|+|avg_pool_3x3~0|none~1|nor_conv_1x1~2|");
        List<CellDrawing> drawings = CellDrawing.of(g);
        assertThat(drawings).extracting(CellDrawing::name).containsExactly("cell");
        Document svg = parse(drawings.get(0).svg());
        assertThat(withClass(svg, "g", "node")).hasSize(4);
        assertThat(withClass(svg, "path", "edge")).extracting(e -> e.getAttribute("data-op"))
                .containsExactly("nor_conv_3x3", "skip_connect", "avg_pool_3x3", "nor_conv_1x1");
        assertThat(withClass(svg, "text", "op-label")).extracting(Element::getTextContent)
                .containsExactly("nor_conv_3x3", "skip_connect", "avg_pool_3x3", "nor_conv_1x1");
        // each edge is coloured as its op is everywhere else
        assertThat(withClass(svg, "path", "edge").get(1).getAttribute("stroke"))
                .isEqualTo(ChartTheme.hex(ChartTheme.opColor("skip_connect")));
    }

    @Test
    void aDartsGenotypeHasANormalAndAReduceCellWithTheirConcatenation() throws Exception {
        List<CellDrawing> drawings = CellDrawing.of(Genotypes.DARTS_V2);
        assertThat(drawings).extracting(CellDrawing::name).containsExactly("normal", "reduce");
        Document normal = parse(drawings.get(0).svg());
        // c_{k-2}, c_{k-1}, four intermediate nodes, c_{k}
        assertThat(withClass(normal, "g", "node")).hasSize(7);
        assertThat(withClass(normal, "path", "edge")).hasSize(8 + 4);
        assertThat(withClass(normal, "path", "concat")).hasSize(4);
        assertThat(withClass(normal, "text", "op-label")).hasSize(8);
    }

    @Test
    void columnsFollowTheLongestPathFromTheInputs() {
        // node 0 from the inputs, node 1 from node 0, nodes 2 and 3 from the inputs only
        DartsGenotype g = new DartsGenotype("darts",
                List.of(new Edge("sep_conv_3x3", 0), new Edge("skip_connect", 1), new Edge("sep_conv_3x3", 2),
                        new Edge("max_pool_3x3", 0), new Edge("sep_conv_5x5", 0), new Edge("dil_conv_3x3", 1),
                        new Edge("avg_pool_3x3", 1), new Edge("sep_conv_3x3", 0)),
                List.of(2, 3, 4, 5), Genotypes.DARTS_V2.reduce(), List.of(2, 3, 4, 5));
        CellLayout layout = CellLayout.of("normal", g.normal(), g.normalConcat());
        double column = CellLayout.COLUMN;
        double x0 = layout.nodes.get(0).x();
        assertThat(layout.nodes.get(1).x()).isEqualTo(x0);
        assertThat((layout.nodes.get(2).x() - x0) / column).isEqualTo(1.0);
        assertThat((layout.nodes.get(3).x() - x0) / column).isEqualTo(2.0);
        assertThat((layout.nodes.get(4).x() - x0) / column).isEqualTo(1.0);
        assertThat((layout.nodes.get(6).x() - x0) / column).isEqualTo(3.0);
        // every node and label inside the picture
        layout.nodes.forEach(n -> assertThat(n.y()).isBetween(0.0, layout.height));
        layout.edges.forEach(e -> assertThat(e.labelX()).isBetween(0.0, layout.width));
    }

    @Test
    void opNamesAreEscapedInTheSvg() throws Exception {
        // a space file may name ops freely; the drawing must stay well-formed XML
        CellLayout layout = CellLayout.of("x<&>", List.of(new Edge("a<b&\"c'", 0), new Edge("op", 1)), List.of(2));
        Document svg = parse(CellSvg.of(layout));
        assertThat(withClass(svg, "text", "op-label").get(0).getTextContent()).isEqualTo("a<b&\"c'");
        assertThat(svg.getElementsByTagName("title").item(0).getTextContent()).isEqualTo("x<&> cell");
    }

    @Test
    void thePngIsTheSameLayoutTwiceAsLarge() throws Exception {
        CellDrawing d = CellDrawing.of(Genotypes.NB201_ALL_CONV3).get(0);
        Path png = tmp.resolve("cell.png");
        d.writePng(png);
        BufferedImage image = ImageIO.read(png.toFile());
        CellLayout layout = CellLayout.of(Genotypes.NB201_ALL_CONV3);
        assertThat(image.getWidth()).isEqualTo((int) Math.ceil(layout.width * 2));
        assertThat(image.getHeight()).isEqualTo((int) Math.ceil(layout.height * 2));
    }

    @Test
    void aSubnetHasNoCell() {
        assertThat(CellDrawing.of(org.distillnas.space.genotype.Subnet.parse(
                "mbv3-small:r24:s8:16[k3e1]:16[k3e3]:24[k3e3]:32[k3e3]:48[k3e3]:l192:f256"))).isEmpty();
    }
}

package org.distillnas.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.distillnas.util.BadInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SearchPlotsTest {
    private static final List<String> DARTS_OPS = List.of("none", "max_pool_3x3", "avg_pool_3x3", "skip_connect",
            "sep_conv_3x3", "sep_conv_5x5", "dil_conv_3x3", "dil_conv_5x5");

    @TempDir
    Path dir;

    /** Softmax-like weights that drift towards op {@code favourite} as epochs pass. */
    private static List<Double> probs(int n, int favourite, int epoch) {
        double[] w = new double[n];
        double sum = 0;
        for (int i = 0; i < n; i++) {
            w[i] = Math.exp(i == favourite ? 0.4 * epoch : 0.05 * i);
            sum += w[i];
        }
        List<Double> p = new ArrayList<>();
        for (double v : w) {
            p.add(v / sum);
        }
        return p;
    }

    private static Map<String, Object> edge(String name, List<String> ops, int favourite, int epoch) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("edge", name);
        e.put("ops", ops);
        e.put("probs", probs(ops.size(), favourite, epoch));
        return e;
    }

    /** Two DARTS-style cells, where the normal cell's edges have different op sets (as in S1). */
    private Path writeAlphas(int epochs) {
        Path file = dir.resolve("alphas.jsonl");
        try (JsonlWriter w = new JsonlWriter(file)) {
            for (int epoch = 1; epoch <= epochs; epoch++) {
                List<Object> normal = new ArrayList<>();
                List<Object> reduce = new ArrayList<>();
                int e = 0;
                for (int to = 2; to < 6; to++) {
                    for (int from = 0; from < to; from++, e++) {
                        List<String> ops = e % 3 == 0 ? List.of("skip_connect", "sep_conv_3x3")
                                : e % 3 == 1 ? List.of("none", "dil_conv_5x5", "avg_pool_3x3") : DARTS_OPS;
                        normal.add(edge(from + "->" + to, ops, e % ops.size(), epoch));
                        reduce.add(edge(from + "->" + to, DARTS_OPS, e % DARTS_OPS.size(), epoch));
                    }
                }
                Map<String, Object> cells = new LinkedHashMap<>();
                cells.put("normal", normal);
                cells.put("reduce", reduce);
                w.write(Map.of("epoch", epoch, "step", epoch * 100, "cells", cells));
            }
        }
        return file;
    }

    private Path writeMetrics(int epochs) {
        Path file = dir.resolve("metrics.jsonl");
        try (JsonlWriter w = new JsonlWriter(file)) {
            for (int epoch = 1; epoch <= epochs; epoch++) {
                for (int step = 0; step < 3; step++) {
                    w.write(Map.of("type", "step", "epoch", epoch, "step", step, "loss", 2.0, "acc", 0.3));
                }
                w.write(Map.of("type", "epoch", "epoch", epoch, "train_loss", 2.0 / epoch, "train_acc", 0.3 + 0.1 * epoch,
                        "val_loss", 2.2 / epoch, "val_acc", 0.25 + 0.09 * epoch, "lr", 0.025));
            }
        }
        return file;
    }

    private static BufferedImage readPng(Path file) throws Exception {
        assertThat(file).exists();
        assertThat(Files.size(file)).isPositive();
        BufferedImage image = ImageIO.read(file.toFile());
        assertThat(image).as("a PNG ImageIO can decode").isNotNull();
        assertThat(image.getWidth()).isPositive();
        assertThat(image.getHeight()).isPositive();
        return image;
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 5})
    void plotsOneAlphaImagePerCell(int epochs) throws Exception {
        Path out = dir.resolve("plots");
        List<Path> files = SearchPlots.plotAlphas(writeAlphas(epochs), out);

        assertThat(files).containsExactly(out.resolve("alphas-normal.png"), out.resolve("alphas-reduce.png"));
        for (Path f : files) {
            BufferedImage image = readPng(f);
            // 14 edges in a 4 x 4 grid of 340 x 250 charts, plus title and legend.
            assertThat(image.getWidth()).isEqualTo(4 * 340);
            assertThat(image.getHeight()).isGreaterThan(4 * 250);
        }
        try (var listing = Files.list(out)) {
            assertThat(listing).hasSize(2);
        }
    }

    @Test
    void plotsTheSingleNb201Cell() throws Exception {
        Path file = dir.resolve("alphas.jsonl");
        List<String> ops = List.of("none", "skip_connect", "nor_conv_1x1", "nor_conv_3x3", "avg_pool_3x3");
        try (JsonlWriter w = new JsonlWriter(file)) {
            for (int epoch = 1; epoch <= 3; epoch++) {
                List<Object> edges = new ArrayList<>();
                for (String name : List.of("0->1", "0->2", "1->2", "0->3", "1->3", "2->3")) {
                    edges.add(edge(name, ops, 3, epoch));
                }
                w.write(Map.of("epoch", epoch, "cells", Map.of("cell", edges)));
            }
        }
        List<Path> files = SearchPlots.plotAlphas(file, dir);
        assertThat(files).containsExactly(dir.resolve("alphas-cell.png"));
        assertThat(readPng(files.get(0)).getWidth()).isEqualTo(3 * 340);
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 5})
    void plotsCurves(int epochs) throws Exception {
        Path out = dir.resolve("curves.png");
        SearchPlots.plotCurves(writeMetrics(epochs), out);

        BufferedImage image = readPng(out);
        assertThat(image.getWidth()).isEqualTo(2 * 620);
    }

    @Test
    void curvesSurviveMissingValidationAndNaN() throws Exception {
        Path file = dir.resolve("metrics.jsonl");
        Files.writeString(file, """
                {"type":"epoch","epoch":1,"train_loss":2.0,"train_acc":0.2}
                {"type":"epoch","epoch":2,"train_loss":"NaN","train_acc":0.3}
                {"type":"epoch","epoch":3,"train_loss":1.0,"train_acc":0.4,"val_loss":1.2,"val_acc":0.35}
                {"type":"epoch","epoch":4,"train_loss":0.9,"tr""");
        SearchPlots.plotCurves(file, dir.resolve("curves.png"));
        readPng(dir.resolve("curves.png"));
    }

    @Test
    void chartsWithoutAnyValueBecomePlaceholders() throws Exception {
        Path file = dir.resolve("metrics.jsonl");
        Files.writeString(file, "{\"type\":\"epoch\",\"epoch\":1,\"lr\":0.1}\n");
        SearchPlots.plotCurves(file, dir.resolve("curves.png"));
        assertThat(readPng(dir.resolve("curves.png")).getWidth()).isEqualTo(2 * 620);
    }

    @Test
    void badInputIsReportedInOneLine() throws Exception {
        Path metrics = dir.resolve("metrics.jsonl");
        Files.writeString(metrics, "{\"type\":\"step\",\"epoch\":1,\"loss\":1}\n");
        assertThatThrownBy(() -> SearchPlots.plotCurves(metrics, dir.resolve("curves.png")))
                .isInstanceOf(BadInputException.class)
                .hasMessage(metrics + ": no records with \"type\": \"epoch\", so there are no curves to plot");

        Path alphas = dir.resolve("alphas.jsonl");
        Files.writeString(alphas, "{\"epoch\":1,\"cells\":{\"normal\":[{\"edge\":\"0->2\",\"ops\":[\"a\",\"b\"],\"probs\":[1]}]}}\n");
        assertThatThrownBy(() -> SearchPlots.plotAlphas(alphas, dir))
                .isInstanceOf(BadInputException.class)
                .hasMessage(alphas + " line 1: cells.normal[0] (edge 0->2) has 2 ops but 1 probs, expected one prob per op");

        Files.writeString(alphas, "{\"epoch\":\"one\",\"cells\":{}}\n");
        assertThatThrownBy(() -> SearchPlots.plotAlphas(alphas, dir))
                .hasMessage(alphas + " line 1: \"epoch\" is \"one\", expected an integer");
        Files.writeString(alphas, "{\"epoch\":1}\n");
        assertThatThrownBy(() -> SearchPlots.plotAlphas(alphas, dir))
                .hasMessageContaining("line 1: missing \"cells\"");
    }
}

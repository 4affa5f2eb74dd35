package org.distillnas.view;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.distillnas.space.genotype.GenotypeJson;
import org.distillnas.space.genotype.Nb201Genotype;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;

/**
 * Reports of real tiny runs opened in headless Chromium: a DARTS search with its sharpness and its
 * retrained cell, a comparison of two searches, and a sampling search with its evolution. Every
 * chart and every cell drawing must render, and the page must log no script error.
 */
class ReportBrowserTest {
    @TempDir
    static Path tmp;

    static Path darts;
    static Path rfDarts;
    static Path spos;
    static Browser browser;

    @BeforeAll
    static void runsAndBrowser() {
        darts = TinyRuns.nb201(tmp.resolve("darts-s0"), "darts", 2, true);
        TinyRuns.retrain(darts);
        rfDarts = TinyRuns.nb201(tmp.resolve("rf-darts-s0"), "rf-darts", 2, false);
        spos = TinyRuns.sposWithEvolution(tmp.resolve("spos-s0"));
        browser = new Browser();
    }

    @AfterAll
    static void closeBrowser() {
        if (browser != null) {
            browser.close();
        }
    }

    private static Path report(String name, Path... runs) {
        Path html = tmp.resolve(name + ".html");
        String[] args = new String[runs.length + 3];
        args[0] = "report";
        for (int i = 0; i < runs.length; i++) {
            args[i + 1] = runs[i].toString();
        }
        args[runs.length + 1] = "--out";
        args[runs.length + 2] = html.toString();
        TinyRuns.run(args);
        return html;
    }

    private static List<String> chartKeys() {
        return browser.all("div.chart").stream().map(c -> c.getAttribute("data-chart")).toList();
    }

    @Test
    void aSearchReportDrawsItsCurvesAlphasCellSharpnessGapAndRetrainingWithoutScriptErrors() throws Exception {
        Path html = report("search", darts);
        String text = Files.readString(html);
        // self-contained: no script, style or image is loaded from anywhere
        assertThat(text.contains("<script src=")).as("a script loaded from a file").isFalse();
        assertThat(text.contains("<link ")).as("a style sheet loaded from a file").isFalse();
        assertThat(java.util.regex.Pattern.compile("(src|href)=[\"']?(https?:|//)").matcher(text).find())
                .as("something loaded from the network").isFalse();

        browser.open(html);
        browser.awaitCharts(Duration.ofSeconds(30));
        assertThat(browser.errors()).isEmpty();
        assertThat(chartKeys()).contains("loss", "accuracy", "sharpness", "gap", "retrained-loss", "retrained-accuracy");
        // one heat map per edge of the NAS-Bench-201 cell
        assertThat(chartKeys().stream().filter(k -> k.startsWith("alpha-cell-"))).hasSize(6);
        for (WebElement chart : browser.all("div.chart")) {
            assertThat(chart.findElements(org.openqa.selenium.By.tagName("canvas"))).as(chart.getAttribute("data-chart"))
                    .isNotEmpty();
            assertThat(chart.getSize().getHeight()).isGreaterThan(100);
        }
        assertThat(browser.points("accuracy", 0)).isEqualTo(2);
        assertThat(browser.points("sharpness", 0)).isEqualTo(2);

        // the cell: one drawn edge per op other than none, labelled with it
        Nb201Genotype g = (Nb201Genotype) GenotypeJson.read(darts.resolve("genotype.json"));
        long ops = g.ops().stream().filter(o -> !o.equals("none")).count();
        List<WebElement> edges = browser.all("figure.cell svg .edge[data-op]");
        assertThat(edges).hasSize((int) ops);
        assertThat(browser.all("figure.cell svg").get(0).getSize().getWidth()).isGreaterThan(100);

        // interactive: hovering a chart shows its values
        WebElement accuracy = browser.all("div.chart[data-chart=\"accuracy\"]").get(0);
        browser.script("arguments[0].scrollIntoView({block: 'center'})", accuracy);
        new Actions(browser.driver()).moveToElement(accuracy, 30, 10).pause(Duration.ofMillis(200))
                .moveToElement(accuracy, 40, 10).perform();
        browser.await(Duration.ofSeconds(5), "a tooltip", () -> String.valueOf(browser.script(
                "return arguments[0].textContent", accuracy)).contains("val acc"));
        assertThat(browser.errors()).isEmpty();
    }

    @Test
    void aComparisonShowsCompareTablesAndItsPlots() {
        browser.open(report("compare", darts, rfDarts));
        browser.awaitCharts(Duration.ofSeconds(30));
        assertThat(browser.errors()).isEmpty();
        assertThat(chartKeys()).contains("ops", "test-accuracy", "val-acc", "sharpness");
        assertThat(browser.points("val-acc", 0)).isEqualTo(2);
        List<WebElement> tables = browser.all("section[data-key=\"tables\"] table");
        assertThat(tables).hasSize(2);
        assertThat(tables.get(0).getText()).contains("configuration", "darts", "rf-darts");
    }

    @Test
    void aSamplingReportDrawsTheParetoFrontAndListsTheChosenSubnets() {
        browser.open(report("sampling", spos));
        browser.awaitCharts(Duration.ofSeconds(30));
        assertThat(browser.errors()).isEmpty();
        assertThat(chartKeys()).contains("pareto", "loss", "accuracy");
        // two budgets, by evolution and by random search
        assertThat(browser.all("table.chosen tbody tr")).hasSize(4);
        assertThat(browser.all("table.chosen").get(0).getText()).contains("mbv3-small:r");
        assertThat(browser.all("figure.cell")).isEmpty();
    }
}

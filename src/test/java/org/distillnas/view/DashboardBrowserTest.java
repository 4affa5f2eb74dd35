package org.distillnas.view;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.distillnas.ui.DashboardServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The dashboard in headless Chromium: a run's page draws the epochs a real search writes while the
 * page is open, the runs list follows the run from running to finished, and damaged or half-written
 * JSONL lines in a running search do not break the page.
 */
class DashboardBrowserTest {
    @TempDir
    static Path runs;

    static DashboardServer server;
    static Browser browser;

    @BeforeAll
    static void serverAndBrowser() throws Exception {
        server = DashboardServer.start(new RunListing(runs, RunState.DEFAULT_STALE_AFTER, Clock.systemUTC()), "runs",
                DashboardServer.DEFAULT_HOST, 0);
        browser = new Browser();
    }

    @AfterAll
    static void close() {
        if (browser != null) {
            browser.close();
        }
        if (server != null) {
            server.close();
        }
    }

    private static long epochLines(Path metrics) throws Exception {
        if (!Files.isRegularFile(metrics)) {
            return 0;
        }
        return Files.readAllLines(metrics).stream().filter(l -> l.contains("\"type\":\"epoch\"")).count();
    }

    @Test
    void aRunsPageDrawsTheEpochsASearchWritesWhileItIsOpen() throws Exception {
        int epochs = 5;
        Path live = runs.resolve("live");
        CompletableFuture<Void> search = CompletableFuture.runAsync(() -> {
            org.distillnas.TestData.requireFashionMnist();
            TinyRuns.run("search", "--space", "nb201", "--method", "darts", "--epochs", String.valueOf(epochs), "--limit",
                    "800", "--channels", "4", "--cells", "1", "--batch-size", "32", "--threads", "1", "--no-progress",
                    "--out", live.toString());
        });
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (epochLines(live.resolve("metrics.jsonl")) < 1 && System.nanoTime() < deadline && !search.isDone()) {
                Thread.sleep(100);
            }
            if (search.isDone()) {
                search.join(); // a search that failed says why
            }
            browser.open(server.url() + "run/live");
            browser.await(Duration.ofSeconds(60), "the accuracy chart", () -> browser.points("accuracy", 0) >= 1);
            long first = browser.points("accuracy", 0);
            browser.open(server.url());
            browser.await(Duration.ofSeconds(10), "the run listed as running",
                    () -> browser.all("body").get(0).getText().contains("live") && !search.isDone()
                            ? browser.all("body").get(0).getText().contains("running") : true);

            browser.open(server.url() + "run/live");
            search.get(180, TimeUnit.SECONDS);
            browser.await(Duration.ofSeconds(20), "every epoch drawn", () -> browser.points("accuracy", 0) == epochs);
            assertThat(first).as("epochs drawn when the page opened").isLessThan(epochs);
            // the final cell appears once the search has written its genotype
            browser.await(Duration.ofSeconds(20), "the final cell", () -> !browser.all("figure.cell svg .edge").isEmpty()
                    && browser.all("p.genotype").get(0).getText().startsWith("genotype: "));
            assertThat(browser.errors()).isEmpty();

            browser.open(server.url());
            browser.await(Duration.ofSeconds(10), "the run listed as finished",
                    () -> browser.all("body").get(0).getText().contains("finished"));
            assertThat(browser.errors()).isEmpty();
        } finally {
            search.cancel(true);
        }
    }

    @Test
    void damagedAndHalfWrittenLinesDoNotBreakARunsPage() throws Exception {
        Path run = Files.createDirectories(runs.resolve("group/damaged"));
        Files.writeString(run.resolve("config.json"), "{\"method\":\"darts\",\"space\":\"nb201\",\"seed\":1,\"epochs\":4}");
        Path metrics = run.resolve("metrics.jsonl");
        Files.writeString(metrics, epoch(1, 0.3) + "\n" + epoch(2, 0.4) + "\n");
        browser.open(server.url() + "run/group/damaged");
        browser.await(Duration.ofSeconds(20), "two epochs", () -> browser.points("accuracy", 0) == 2);

        // a line a crash cut short, then a line still being written
        append(metrics, "{\"type\":\"epoch\",\"epoch\":3,\"val_a\n" + epoch(3, 0.5) + "\n{\"type\":\"epoch\",\"ep");
        browser.await(Duration.ofSeconds(20), "the warning and the third epoch", () -> browser.points("accuracy", 0) == 3
                && browser.all("ul.warnings").stream().anyMatch(w -> w.getText().contains("not (yet) complete JSON")));
        append(metrics, "och\":4,\"val_acc\":0.6}\n");
        browser.await(Duration.ofSeconds(20), "the finished line", () -> browser.points("accuracy", 0) == 4);
        assertThat(browser.errors()).isEmpty();

        // and a comparison of it with itself renders too
        browser.open(server.url() + "compare?run=group/damaged&run=group/damaged");
        browser.awaitCharts(Duration.ofSeconds(20));
        assertThat(browser.points("val-acc", 0)).isEqualTo(4);
        assertThat(browser.errors()).isEmpty();
    }

    private static String epoch(int epoch, double valAcc) {
        return "{\"type\":\"epoch\",\"epoch\":" + epoch + ",\"train_loss\":1.0,\"val_acc\":" + valAcc + "}";
    }

    private static void append(Path file, String text) throws Exception {
        Files.writeString(file, text, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
    }
}

package org.distillnas.view;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.distillnas.util.AtomicFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * The README's screenshot: the report of a run folder, as headless Chromium draws it. Runs only on
 * request:
 *
 * <pre>
 * mvn -q test -Dtest=ReportScreenshot -Dscreenshot.run=runs/nas-demo -Dscreenshot.out=docs/img/report.png
 * </pre>
 */
class ReportScreenshot {
    @Test
    @EnabledIfSystemProperty(named = "screenshot.run", matches = ".+")
    void writeTheScreenshot() throws Exception {
        Path run = Path.of(System.getProperty("screenshot.run"));
        Path out = Path.of(System.getProperty("screenshot.out", "report.png"));
        Path html = Files.createTempFile("report", ".html");
        try (Browser browser = new Browser()) {
            TinyRuns.run("report", run.toString(), "--out", html.toString());
            browser.open(html);
            browser.awaitCharts(Duration.ofSeconds(60));
            if (!browser.errors().isEmpty()) {
                throw new IllegalStateException("the report logged script errors: " + browser.errors());
            }
            AtomicFiles.writeBytes(out, browser.screenshot(Integer.getInteger("screenshot.width", 1280),
                    Integer.getInteger("screenshot.height", 2200)));
        } finally {
            Files.deleteIfExists(html);
        }
    }
}

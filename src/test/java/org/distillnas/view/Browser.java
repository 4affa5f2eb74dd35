package org.distillnas.view;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Level;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Headless Debian Chromium driven through its ChromeDriver, for the tests of the report and the
 * dashboard (and for the README's screenshot). Both programs are Debian's ({@code chromium},
 * {@code chromium-driver}, installed by {@code .ci/run}); nothing is downloaded: the driver and
 * the browser are named, so Selenium Manager never runs.
 */
final class Browser implements AutoCloseable {
    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

    private final ChromeDriver driver;
    private final Path profile;

    Browser() {
        if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(CHROMEDRIVER)) {
            throw new IllegalStateException("browser tests need Debian's chromium and chromium-driver ("
                    + CHROMIUM + ", " + CHROMEDRIVER + "): apt-get install chromium chromium-driver, as .ci/run does");
        }
        try {
            profile = Files.createTempDirectory("distillnas-chromium");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        // As root on a machine without a display or network: no sandbox, no GPU, and none of the
        // background connections Chromium makes at start (refused here, and noisy).
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--disable-extensions", "--user-data-dir=" + profile, "--window-size=1300,1000");
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
        driver = new ChromeDriver(service, options);
        driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(30));
    }

    org.openqa.selenium.WebDriver driver() {
        return driver;
    }

    void open(String url) {
        driver.get(url);
    }

    void open(Path file) {
        driver.get(file.toUri().toString());
    }

    /**
     * Severe messages of the browser's console (uncaught exceptions, failed loads) and the errors
     * the page code collected itself, since the last call.
     */
    List<String> errors() {
        List<String> errors = new ArrayList<>();
        for (LogEntry e : driver.manage().logs().get(LogType.BROWSER)) {
            if (e.getLevel().intValue() >= Level.SEVERE.intValue()) {
                errors.add(e.getMessage());
            }
        }
        Object collected = script("return window.distillnasErrors || []");
        if (collected instanceof List<?> list) {
            list.forEach(x -> errors.add(String.valueOf(x)));
        }
        return errors;
    }

    /** Waits until every chart of the page has drawn (ECharts' 'finished' event marks it). */
    void awaitCharts(Duration timeout) {
        new WebDriverWait(driver, timeout).until(d -> {
            List<WebElement> charts = d.findElements(By.cssSelector("div.chart"));
            return !charts.isEmpty() && charts.stream().allMatch(c -> "true".equals(c.getAttribute("data-rendered")));
        });
    }

    void await(Duration timeout, String description, java.util.function.BooleanSupplier condition) {
        new WebDriverWait(driver, timeout).withMessage(description).until(d -> condition.getAsBoolean());
    }

    List<WebElement> all(String css) {
        return driver.findElements(By.cssSelector(css));
    }

    Object script(String js, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(js, args);
    }

    /** Number of data points of series {@code index} of the chart with this key. */
    long points(String chartKey, int index) {
        Object n = script("var div = document.querySelector('div.chart[data-chart=\"' + arguments[0] + '\"]');"
                + " if (!div) { return -1; } var c = echarts.getInstanceByDom(div);"
                + " return c ? c.getOption().series[arguments[1]].data.length : -1;", chartKey, index);
        return ((Number) n).longValue();
    }

    /**
     * A PNG of the page from its top, {@code width} wide and at most {@code maxHeight} high: the
     * window grows to the page's height first (charts redraw to the new size).
     */
    byte[] screenshot(int width, int maxHeight) {
        long height = ((Number) script("return document.documentElement.scrollHeight")).longValue();
        driver.manage().window().setSize(new Dimension(width, (int) Math.min(height + 20, maxHeight)));
        script("window.scrollTo(0, 0)");
        awaitCharts(Duration.ofSeconds(30));
        return driver.getScreenshotAs(OutputType.BYTES);
    }

    @Override
    public void close() {
        try {
            driver.quit();
        } finally {
            deleteTree(profile.toFile());
        }
    }

    private static void deleteTree(File f) {
        File[] children = f.listFiles();
        if (children != null) {
            for (File c : children) {
                deleteTree(c);
            }
        }
        f.delete();
    }
}

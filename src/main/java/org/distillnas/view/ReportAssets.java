package org.distillnas.view;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * The scripts and styles of the report and the dashboard, read from the jar: the chart library
 * (Apache ECharts, from its webjar) and this project's own page code. Nothing is fetched from the
 * network, so a report opens offline.
 */
public final class ReportAssets {
    /** Names the dashboard serves under {@code /assets/}, and their classpath locations. */
    private static final Map<String, String> ASSETS = Map.of(
            "echarts.min.js", "META-INF/resources/webjars/echarts/5.3.1/dist/echarts.min.js",
            "report.js", "org/distillnas/view/report.js",
            "report-run.js", "org/distillnas/view/report-run.js",
            "report-compare.js", "org/distillnas/view/report-compare.js",
            "report.css", "org/distillnas/view/report.css",
            "dashboard.js", "org/distillnas/view/dashboard.js");

    /** The page code, in the order the pages load it: the common part first, then the two pages. */
    public static final java.util.List<String> PAGE_SCRIPTS = java.util.List.of("report.js", "report-run.js",
            "report-compare.js");

    private ReportAssets() {}

    /** Whether {@code name} is one of the assets (the dashboard serves nothing else from the jar). */
    public static boolean exists(String name) {
        return ASSETS.containsKey(name);
    }

    /** The asset's bytes; {@code name} must be one that {@link #exists} accepts. */
    public static byte[] bytes(String name) {
        String location = ASSETS.get(name);
        if (location == null) {
            throw new IllegalArgumentException("no asset " + name);
        }
        try (InputStream in = ReportAssets.class.getClassLoader().getResourceAsStream(location)) {
            if (in == null) {
                throw new IllegalStateException("the jar lacks " + location);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + location + ": " + e.getMessage(), e);
        }
    }

    public static String text(String name) {
        return new String(bytes(name), StandardCharsets.UTF_8);
    }

    /** The MIME type the dashboard sends with the asset. */
    public static String contentType(String name) {
        if (name.endsWith(".js")) {
            return "text/javascript; charset=utf-8";
        }
        return name.endsWith(".css") ? "text/css; charset=utf-8" : "application/octet-stream";
    }
}

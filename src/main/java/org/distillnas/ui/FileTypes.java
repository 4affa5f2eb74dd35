package org.distillnas.ui;

import java.util.Locale;
import java.util.Map;

/**
 * The content type the dashboard sends with a file of a run folder, by its extension. Text is
 * sent as plain text (JSON included, so that a browser shows rather than runs it), and whatever
 * is not listed as bytes to download: a run folder's HTML or SVG is never rendered as a page of
 * the dashboard's origin.
 */
final class FileTypes {
    private static final Map<String, String> TYPES = Map.ofEntries(
            Map.entry("png", "image/png"),
            Map.entry("jpg", "image/jpeg"),
            Map.entry("jpeg", "image/jpeg"),
            Map.entry("gif", "image/gif"),
            Map.entry("json", "application/json; charset=utf-8"),
            Map.entry("jsonl", "text/plain; charset=utf-8"),
            Map.entry("csv", "text/csv; charset=utf-8"),
            Map.entry("md", "text/plain; charset=utf-8"),
            Map.entry("txt", "text/plain; charset=utf-8"),
            Map.entry("log", "text/plain; charset=utf-8"),
            Map.entry("yaml", "text/plain; charset=utf-8"),
            Map.entry("yml", "text/plain; charset=utf-8"));

    private FileTypes() {}

    static String of(String fileName) {
        int dot = fileName.lastIndexOf('.');
        String ext = dot < 0 ? "" : fileName.substring(dot + 1).toLowerCase(Locale.ROOT);
        return TYPES.getOrDefault(ext, "application/octet-stream");
    }
}

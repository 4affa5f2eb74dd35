package org.distillnas.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.distillnas.util.AtomicFiles;
import org.distillnas.util.BadInputException;

/**
 * Replaces one delimited section of a Markdown file, leaving everything else as it was: the text
 * between {@code <!-- bench:NAME:start -->} and {@code <!-- bench:NAME:end -->} (markers included)
 * is rewritten, or appended when absent. Each benchmark owns one section, so hand-written prose and
 * other benchmarks' results survive a re-run.
 */
public final class MarkdownSection {
    private static final String HEADER = "# Benchmarks\n\n"
            + "Measured by `distillnas bench`. Each section below is rewritten when its benchmark runs again;\n"
            + "text outside the `<!-- bench:... -->` markers is left alone.\n";

    private MarkdownSection() {}

    public static String startMarker(String name) {
        return "<!-- bench:" + name + ":start -->";
    }

    public static String endMarker(String name) {
        return "<!-- bench:" + name + ":end -->";
    }

    /**
     * Writes {@code body} as section {@code name} of {@code file} atomically, creating the file with
     * a short header if it does not exist.
     *
     * @throws BadInputException if the file has one marker without the other (editing it could lose text)
     */
    public static void write(Path file, String name, String body) {
        String old;
        try {
            old = Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : HEADER;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
        AtomicFiles.writeString(file, replace(old, name, body, file.toString()));
    }

    /** {@code text} with section {@code name} set to {@code body}; {@code where} names it in errors. */
    static String replace(String text, String name, String body, String where) {
        String start = startMarker(name);
        String end = endMarker(name);
        String section = start + "\n" + body.strip() + "\n" + end + "\n";
        int s = text.indexOf(start);
        int e = text.indexOf(end);
        if (s < 0 && e < 0) {
            String sep = text.isEmpty() || text.endsWith("\n\n") ? "" : text.endsWith("\n") ? "\n" : "\n\n";
            return text + sep + section;
        }
        if (s < 0 || e < s) {
            throw new BadInputException(where + " has a damaged bench:" + name + " section (markers missing or out of"
                    + " order): fix or remove its " + start + " / " + end + " lines");
        }
        int after = e + end.length();
        // The section owns the newline after its end marker, so repeated writes do not add blank lines.
        if (after < text.length() && text.charAt(after) == '\n') {
            after++;
        }
        return text.substring(0, s) + section + text.substring(after);
    }
}

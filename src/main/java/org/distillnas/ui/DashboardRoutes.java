package org.distillnas.ui;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.distillnas.view.ReportAssets;
import org.distillnas.view.ReportPage;
import org.distillnas.view.RunListing;

/**
 * The dashboard's pages and data, one method per route; {@link DashboardServer} does the HTTP.
 *
 * <p>Every name taken from a request goes through {@link RequestPath} (plain names only) and then
 * through the runs root's real-path check, and a run id must name a folder that the listing would
 * show: the dashboard reads nothing else from the disk.
 */
final class DashboardRoutes {
    /** How often a run or comparison page asks for its data again. */
    static final int POLL_MILLIS = 2000;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final RunListing listing;
    private final String rootLabel;
    private final Function<Path, ObjectNode> runView;
    private final Function<List<Path>, ObjectNode> compareView;

    /**
     * @param rootLabel the runs folder as the user named it, shown on the page (never the absolute path)
     */
    DashboardRoutes(RunListing listing, String rootLabel, Function<Path, ObjectNode> runView,
            Function<List<Path>, ObjectNode> compareView) {
        this.listing = listing;
        this.rootLabel = rootLabel;
        this.runView = runView;
        this.compareView = compareView;
    }

    /** The reply to a GET of {@code rawPath} (still percent-encoded) with {@code rawQuery} (or null). */
    Reply route(String rawPath, String rawQuery) {
        if (rawPath.equals("/")) {
            return Reply.html(RunsPage.html(rootLabel));
        }
        if (rawPath.equals("/api/runs")) {
            ObjectNode body = JSON.createObjectNode();
            body.put("root", rootLabel);
            body.set("runs", listing.entries());
            return Reply.json(body);
        }
        if (rawPath.equals("/compare") || rawPath.equals("/api/compare")) {
            return compare(rawPath.equals("/api/compare"), rawQuery);
        }
        if (rawPath.startsWith("/run/")) {
            return run(rawPath.substring("/run/".length()), false);
        }
        if (rawPath.startsWith("/api/run/")) {
            return run(rawPath.substring("/api/run/".length()), true);
        }
        if (rawPath.startsWith("/files/")) {
            return file(rawPath.substring("/files/".length()));
        }
        if (rawPath.startsWith("/assets/")) {
            return asset(rawPath.substring("/assets/".length()));
        }
        return Reply.notFound();
    }

    private Reply run(String rawId, boolean api) {
        Optional<List<String>> names = RequestPath.segments(rawId);
        Optional<Path> dir = names.flatMap(listing::find);
        if (dir.isEmpty()) {
            return Reply.notFound();
        }
        if (api) {
            return Reply.json(runView.apply(dir.get()));
        }
        String id = String.join("/", names.get());
        return Reply.html(ReportPage.live("distillnas: " + id, "/api/run/" + RequestPath.encode(names.get()), POLL_MILLIS));
    }

    private Reply compare(boolean api, String rawQuery) {
        List<List<String>> ids = new ArrayList<>();
        for (String param : rawQuery == null ? new String[0] : rawQuery.split("&")) {
            int eq = param.indexOf('=');
            if (eq < 0 || !param.substring(0, eq).equals("run")) {
                continue;
            }
            Optional<List<String>> names = RequestPath.queryValue(param.substring(eq + 1));
            if (names.isEmpty()) {
                return Reply.notFound();
            }
            ids.add(names.get());
        }
        if (ids.isEmpty()) {
            return Reply.error(400, "no run to compare: expected /compare?run=ID&run=ID");
        }
        List<Path> dirs = new ArrayList<>();
        StringBuilder query = new StringBuilder();
        for (List<String> id : ids) {
            Optional<Path> dir = listing.find(id);
            if (dir.isEmpty()) {
                return Reply.notFound();
            }
            dirs.add(dir.get());
            // the id's own slashes are kept: a query value may hold them
            query.append(query.length() == 0 ? "?" : "&").append("run=").append(RequestPath.encode(id).replace("%2F", "/"));
        }
        if (api) {
            return Reply.json(compareView.apply(dirs));
        }
        return Reply.html(ReportPage.live("distillnas: compare " + ids.size() + " runs", "/api/compare" + query, POLL_MILLIS));
    }

    private Reply file(String rawPath) {
        Optional<Path> file = RequestPath.segments(rawPath).flatMap(names -> listing.root().resolve(names))
                .filter(Files::isRegularFile);
        if (file.isEmpty()) {
            return Reply.notFound();
        }
        try {
            byte[] bytes = Files.readAllBytes(file.get());
            return Reply.bytes(FileTypes.of(file.get().getFileName().toString()), bytes, true);
        } catch (IOException e) {
            // removed between the check and the read (a checkpoint rotated away): as if never there
            if (!Files.exists(file.get())) {
                return Reply.notFound();
            }
            throw new UncheckedIOException(e);
        }
    }

    private static Reply asset(String name) {
        if (!ReportAssets.exists(name)) {
            return Reply.notFound();
        }
        try {
            return Reply.bytes(ReportAssets.contentType(name), ReportAssets.bytes(name), false);
        } catch (IllegalStateException missingFromJar) {
            return Reply.notFound();
        }
    }
}

package org.distillnas.ui;

import org.distillnas.util.Markup;

/**
 * The HTML of the dashboard's list of runs: a shell whose table {@code dashboard.js} fills from
 * {@code /api/runs} and refreshes every two seconds. Its few styles are inline, so the list page
 * does not depend on the report pages' style sheet.
 */
final class RunsPage {
    private RunsPage() {}

    static String html(String rootLabel) {
        String title = "distillnas runs: " + rootLabel;
        return "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
                + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
                + "<title>" + Markup.escape(title) + "</title>\n"
                + "<link rel=\"icon\" href=\"data:,\">\n"
                + "<style>\n" + STYLE + "</style>\n"
                + "</head>\n<body>\n"
                + "<header><h1>" + Markup.escape(title) + "</h1>"
                + "<span id=\"status\" class=\"muted\">loading…</span></header>\n"
                + "<div class=\"actions\"><button id=\"compare\" disabled>compare selected</button>"
                + " <span class=\"muted\">tick the runs to compare</span></div>\n"
                + "<table id=\"runs\"><thead><tr><th></th><th>run</th><th>kind</th><th>method</th><th>state</th>"
                + "<th>progress</th><th>best accuracy</th><th>last update</th></tr></thead><tbody></tbody></table>\n"
                + "<p id=\"empty\" class=\"muted\" hidden>No runs yet: a folder with config.json and metrics.jsonl"
                + " appears here as soon as its run starts.</p>\n"
                + "<script src=\"/assets/dashboard.js\"></script>\n"
                + "<script>DistillnasDashboard.start(document, '/api/runs', 2000);</script>\n"
                + "</body>\n</html>\n";
    }

    private static final String STYLE = """
            body { font-family: system-ui, sans-serif; margin: 1.5rem; color: #222; }
            header { display: flex; align-items: baseline; gap: 1rem; }
            h1 { font-size: 1.3rem; margin: 0 0 .8rem; }
            table { border-collapse: collapse; width: 100%; font-size: .92rem; }
            th, td { text-align: left; padding: .35rem .6rem; border-bottom: 1px solid #e3e3e3; white-space: nowrap; }
            th { background: #f6f6f6; font-weight: 600; }
            tr:hover td { background: #fafafa; }
            a { color: #1a5fb4; text-decoration: none; }
            a:hover { text-decoration: underline; }
            .muted { color: #777; font-size: .85rem; }
            .actions { margin: .6rem 0; }
            .badge { display: inline-block; padding: .1rem .5rem; border-radius: .7rem; font-size: .8rem; color: #fff; }
            .badge.running { background: #1a73e8; }
            .badge.finished { background: #2e7d32; }
            .badge.failed { background: #c62828; }
            .badge.stale { background: #9e9e9e; }
            .badge.unknown { background: #616161; }
            .bar { display: inline-block; width: 7rem; height: .6rem; background: #eee; border-radius: .3rem;
                   vertical-align: middle; margin-right: .4rem; overflow: hidden; }
            .bar > span { display: block; height: 100%; background: #1a73e8; }
            .warn { color: #b26a00; }
            """;
}

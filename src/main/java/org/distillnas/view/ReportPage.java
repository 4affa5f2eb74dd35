package org.distillnas.view;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.distillnas.util.Markup;

/**
 * The HTML of a report page. The same page code draws a run or a comparison in two settings: a
 * self-contained file with the data and every script inside it ({@code distillnas report}), and a
 * dashboard page that fetches the data from the dashboard and redraws when it changes
 * ({@code distillnas ui}).
 */
public final class ReportPage {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final java.util.regex.Pattern SCRIPT_END =
            java.util.regex.Pattern.compile("</(script)", java.util.regex.Pattern.CASE_INSENSITIVE);

    private ReportPage() {}

    /**
     * One HTML file that opens offline: ECharts, the page code, its style and {@code view} (a view
     * from {@link RunViews}) inlined.
     */
    public static String standalone(String title, JsonNode view) {
        return head(title)
                + "<style>\n" + ReportAssets.text("report.css") + "\n</style>\n"
                + inlineScript(ReportAssets.text("echarts.min.js"))
                + String.join("", ReportAssets.PAGE_SCRIPTS.stream().map(n -> inlineScript(ReportAssets.text(n))).toList())
                + "</head>\n<body>\n<div id=\"app\"></div>\n"
                + "<script type=\"application/json\" id=\"distillnas-data\">" + jsonSafe(json(view)) + "</script>\n"
                + "<script>DistillnasReport.render(document.getElementById('app'),"
                + " JSON.parse(document.getElementById('distillnas-data').textContent));</script>\n"
                + "</body>\n</html>\n";
    }

    /**
     * A dashboard page: the assets from {@code /assets/}, and the view fetched from {@code apiUrl}
     * every {@code pollMillis} (the page redraws only when the view changed).
     */
    public static String live(String title, String apiUrl, int pollMillis) {
        return head(title)
                // no favicon: a request for one would be a 404 in the browser's console
                + "<link rel=\"icon\" href=\"data:,\">\n"
                + "<link rel=\"stylesheet\" href=\"/assets/report.css\">\n"
                + "<script src=\"/assets/echarts.min.js\"></script>\n"
                + String.join("", ReportAssets.PAGE_SCRIPTS.stream().map(n -> "<script src=\"/assets/" + n + "\"></script>\n")
                        .toList())
                + "</head>\n<body>\n<nav class=\"top\"><a href=\"/\">all runs</a></nav>\n<div id=\"app\"></div>\n"
                + "<script>DistillnasReport.live(document.getElementById('app'), " + jsonSafe(json(apiUrl)) + ", "
                + pollMillis + ");</script>\n"
                + "</body>\n</html>\n";
    }

    private static String head(String title) {
        return "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
                + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
                + "<title>" + Markup.escape(title) + "</title>\n";
    }

    private static String inlineScript(String code) {
        return "<script>\n" + scriptSafe(code) + "\n</script>\n";
    }

    /**
     * Code that cannot end the script element it sits in: {@code </script} and {@code <!--} only
     * occur inside string and regular-expression literals of the inlined scripts, where a
     * backslash before the slash or the bang changes nothing. A wider replacement ({@code </}
     * everywhere) would break a regular expression such as {@code /</g}.
     */
    static String scriptSafe(String code) {
        return SCRIPT_END.matcher(code.replace("<!--", "<\\!--")).replaceAll("<\\\\/$1");
    }

    /** JSON that cannot end its script element: in JSON strings {@code <\/} means {@code </}. */
    static String jsonSafe(String json) {
        return json.replace("</", "<\\/").replace("<!--", "<\\u0021--");
    }

    private static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}

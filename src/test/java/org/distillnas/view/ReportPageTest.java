package org.distillnas.view;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

class ReportPageTest {
    @Test
    void inlinedCodeCannotCloseItsScriptElementAndRegularExpressionsSurvive() {
        String code = "var a = '</script>'; var b = s.replace(/</g, '&lt;'); var c = '<!-- x';";
        String safe = ReportPage.scriptSafe(code);
        assertThat(safe).doesNotContainIgnoringCase("</script").doesNotContain("<!--");
        // the regular expression /</g must not become /<\/g (an unterminated literal)
        assertThat(safe).contains("replace(/</g, '&lt;')");
    }

    @Test
    void inlinedDataCannotCloseItsScriptElement() {
        ObjectNode view = new ObjectMapper().createObjectNode();
        view.put("type", "run");
        view.put("title", "</script><script>alert(1)</script>");
        String html = ReportPage.standalone("t </title>", view);
        int data = html.indexOf("id=\"distillnas-data\">");
        String rest = html.substring(data);
        // the data element ends at the first </script>: after the JSON, not inside it
        String json = rest.substring(rest.indexOf('>') + 1, rest.indexOf("</script>"));
        assertThat(json).endsWith("}");
        assertThat(html).contains("<title>t &lt;/title&gt;</title>");
    }

    @Test
    void aLivePageLoadsItsAssetsFromTheDashboard() {
        String html = ReportPage.live("run", "/api/run/a'b", 2000);
        assertThat(html).contains("<script src=\"/assets/echarts.min.js\">", "<script src=\"/assets/report.js\">",
                "DistillnasReport.live(document.getElementById('app'), \"/api/run/a'b\", 2000)");
    }
}

package org.distillnas.ui;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;
import org.distillnas.view.RunFolders;
import org.distillnas.view.RunListing;
import org.distillnas.view.RunState;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The dashboard over HTTP: its routes, and that nothing outside the runs folder can be read
 * however the path is spelled (sent as raw request lines, so that no client tidies it first).
 */
class DashboardServerTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SECRET = "the secret outside the runs folder";

    @TempDir
    Path tmp;
    Path root;
    DashboardServer server;
    final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeEach
    void start() throws IOException {
        root = Files.createDirectories(tmp.resolve("runs"));
        Files.writeString(tmp.resolve("secret.txt"), SECRET);
        RunFolders.search(root.resolve("a"), "darts", 4, 0.3);
        RunFolders.search(root.resolve("exp/b"), "spos", 2, 0.2);
        Files.writeString(root.resolve("a/summary.json"), "{\"genotype\": \"g\"}");
        server = start(dir -> JsonNodeFactory.instance.objectNode().put("type", "run").put("dir", dir.getFileName().toString()),
                dirs -> JsonNodeFactory.instance.objectNode().put("type", "compare").put("runs", dirs.size()));
    }

    private DashboardServer start(Function<Path, ObjectNode> runView, Function<List<Path>, ObjectNode> compareView)
            throws IOException {
        RunListing listing = new RunListing(root, RunState.DEFAULT_STALE_AFTER, Clock.systemUTC());
        return DashboardServer.start(listing, "runs", DashboardServer.DEFAULT_HOST, 0, runView, compareView);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    record Response(int status, String headers, String body) {}

    /** One request sent as bytes: the request line exactly as given. */
    private Response raw(String method, String target, String host) throws IOException {
        try (Socket s = new Socket("127.0.0.1", server.port())) {
            s.setSoTimeout(10_000);
            OutputStream out = s.getOutputStream();
            out.write((method + " " + target + " HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = s.getInputStream();
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            int split = text.indexOf("\r\n\r\n");
            String head = split < 0 ? text : text.substring(0, split);
            String body = split < 0 ? "" : text.substring(split + 4);
            int status = Integer.parseInt(head.substring(9, 12));
            return new Response(status, head, body);
        }
    }

    private Response raw(String target) throws IOException {
        return raw("GET", target, "127.0.0.1:" + server.port());
    }

    private HttpResponse<String> get(String path) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create(server.url()).resolve(path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"/files/../secret.txt", "/files/%2e%2e/secret.txt", "/files/%2E%2E%2Fsecret.txt",
        "/files/a/..%2f..%2fsecret.txt", "/files/%252e%252e/secret.txt", "/files//etc/passwd", "/files/%2fetc%2fpasswd",
        "/files/a/%2e%2e/%2e%2e/secret.txt", "/files/a/..%5c..%5csecret.txt", "/files/a%00/summary.json",
        "/files/%c0%ae%c0%ae/secret.txt", "/files/./a/summary.json", "/files/a//summary.json", "/files/a/summary.json/",
        "/files/", "/files/a", "/files/%", "/run/..%2f..", "/run/../secret.txt", "/api/run/%2e%2e", "/api/run/a/..",
        "/api/run/a%2f..%2f..", "/assets/..%2fassets%2fdashboard.js", "/assets/report.js%00", "/api/compare?run=..",
        "/api/compare?run=a&run=..%2f..", "/compare?run=%2e%2e%2fsecret.txt", "/secret.txt", "/../secret.txt"})
    void nothingOutsideTheRootIsServedHoweverItIsSpelled(String target) throws IOException {
        Response r = raw(target);
        assertThat(r.status()).as(target).isIn(400, 404);
        // (a path the JDK cannot parse is its own 400, which names the exception's class but nothing of ours)
        assertThat(r.body()).doesNotContain(SECRET).doesNotContain(tmp.toString()).doesNotContain("\tat ");
    }

    @Test
    void aLinkLeadingOutOfTheRootIs404AndOneInsideIsServed() throws IOException {
        Files.createSymbolicLink(root.resolve("a/leak.txt"), tmp.resolve("secret.txt"));
        Files.createSymbolicLink(root.resolve("a/outside"), tmp);
        Files.createSymbolicLink(root.resolve("a/same.json"), root.resolve("a/summary.json"));
        assertThat(raw("/files/a/leak.txt").status()).isEqualTo(404);
        assertThat(raw("/files/a/outside/secret.txt").status()).isEqualTo(404);
        Response inside = raw("/files/a/same.json");
        assertThat(inside.status()).isEqualTo(200);
        assertThat(inside.body()).isEqualTo("{\"genotype\": \"g\"}");
    }

    @Test
    void aFileInsideTheRootIsServedWithItsType() throws Exception {
        Files.write(root.resolve("a/curves.png"), new byte[] {(byte) 0x89, 'P', 'N', 'G'});
        Files.writeString(root.resolve("a/name with space.txt"), "spaced");
        HttpResponse<String> json = get("/files/a/summary.json");
        assertThat(json.statusCode()).isEqualTo(200);
        assertThat(json.body()).isEqualTo("{\"genotype\": \"g\"}");
        assertThat(json.headers().firstValue("Content-Type")).hasValue("application/json; charset=utf-8");
        HttpResponse<byte[]> png = client.send(HttpRequest.newBuilder(URI.create(server.url() + "files/a/curves.png")).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(png.headers().firstValue("Content-Type")).hasValue("image/png");
        assertThat(png.body()).hasSize(4);
        assertThat(get("/files/a/name%20with%20space.txt").body()).isEqualTo("spaced");
        assertThat(get("/files/a/missing.json").statusCode()).isEqualTo(404);
    }

    @Test
    void listsTheRunsAndSeesANewEpochAtTheNextRequest() throws Exception {
        HttpResponse<String> first = get("/api/runs");
        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(first.headers().firstValue("Cache-Control")).hasValue("no-store");
        assertThat(first.headers().firstValue("Content-Type")).hasValue("application/json; charset=utf-8");
        JsonNode body = JSON.readTree(first.body());
        assertThat(body.get("root").asText()).isEqualTo("runs");
        assertThat(body.get("runs")).hasSize(2);
        JsonNode b = body.get("runs").get(1);
        assertThat(b.get("id").asText()).isEqualTo("exp/b");
        assertThat(b.at("/progress/done").asInt()).isEqualTo(1);
        assertThat(b.get("state").asText()).isEqualTo("running");

        RunFolders.appendEpoch(root.resolve("exp/b"), 2, 0.35);
        JsonNode again = JSON.readTree(get("/api/runs").body()).get("runs").get(1);
        assertThat(again.at("/progress/done").asInt()).isEqualTo(2);
        assertThat(again.at("/progress/fraction").asDouble()).isEqualTo(1.0);
        assertThat(again.get("best_accuracy").asDouble()).isEqualTo(0.35);
        assertThat(first.body()).doesNotContain(tmp.toString());
    }

    @Test
    void theListPageLoadsItsScriptAndTheAssetsAreServed() throws Exception {
        HttpResponse<String> page = get("/");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type")).hasValue("text/html; charset=utf-8");
        assertThat(page.body()).contains("<script src=\"/assets/dashboard.js\"></script>", "/api/runs", "compare selected");
        HttpResponse<String> script = get("/assets/dashboard.js");
        assertThat(script.statusCode()).isEqualTo(200);
        assertThat(script.headers().firstValue("Content-Type")).hasValue("text/javascript; charset=utf-8");
        assertThat(script.body()).contains("DistillnasDashboard", "/compare?", "textContent");
        assertThat(get("/assets/echarts.min.js").body()).contains("echarts");
        assertThat(get("/assets/jquery.js").statusCode()).isEqualTo(404);
        assertThat(get("/nothing").statusCode()).isEqualTo(404);
    }

    @Test
    void runAndComparePagesPollTheirDataWhichComesFromTheViews() throws Exception {
        HttpResponse<String> page = get("/run/exp/b");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("\"/api/run/exp/b\"", "/assets/report.js", "2000");
        HttpResponse<String> data = get("/api/run/exp/b");
        assertThat(data.headers().firstValue("Cache-Control")).hasValue("no-store");
        assertThat(JSON.readTree(data.body()).get("dir").asText()).isEqualTo("b");
        assertThat(get("/run/exp").statusCode()).isEqualTo(404);
        assertThat(get("/api/run/nope").statusCode()).isEqualTo(404);

        HttpResponse<String> compare = get("/compare?run=a&run=exp%2Fb");
        assertThat(compare.statusCode()).isEqualTo(200);
        assertThat(compare.body()).contains("\"/api/compare?run=a&run=exp/b\"");
        assertThat(JSON.readTree(get("/api/compare?run=a&run=exp/b").body()).get("runs").asInt()).isEqualTo(2);
        assertThat(get("/api/compare").statusCode()).isEqualTo(400);
        assertThat(get("/compare?other=1").statusCode()).isEqualTo(400);
        assertThat(get("/api/compare?run=a&run=missing").statusCode()).isEqualTo(404);
    }

    @Test
    void aRunsPageJudgesItsStateAsTheListDoes() throws Exception {
        // the dashboard's clock two hours on, and --stale-after 30 minutes: the unfinished run is stale
        server.close();
        RunListing later = new RunListing(root, Duration.ofMinutes(30),
                Clock.offset(Clock.systemUTC(), Duration.ofHours(2)));
        server = DashboardServer.start(later, "runs", DashboardServer.DEFAULT_HOST, 0);
        JsonNode list = JSON.readTree(get("/api/runs").body()).get("runs");
        JsonNode b = null;
        for (JsonNode run : list) {
            b = run.get("id").asText().equals("exp/b") ? run : b;
        }
        assertThat(b.get("state").asText()).isEqualTo("stale");
        assertThat(JSON.readTree(get("/api/run/exp/b").body()).get("state").asText()).isEqualTo("stale");
        assertThat(JSON.readTree(get("/api/run/a").body()).get("state").asText()).isEqualTo("finished");
    }

    @Test
    void aFailingViewIsA500ThatNamesNothingAndTheServerGoesOn() throws Exception {
        server.close();
        server = start(dir -> {
            throw new IllegalStateException("cannot read " + dir.toAbsolutePath());
        }, dirs -> {
            throw new UnsupportedOperationException("not yet");
        });
        for (String path : List.of("/api/run/a", "/api/compare?run=a")) {
            HttpResponse<String> r = get(path);
            assertThat(r.statusCode()).isEqualTo(500);
            assertThat(r.body()).isEqualTo("internal error\n");
        }
        assertThat(get("/api/runs").statusCode()).isEqualTo(200);
    }

    @Test
    void onlyGetAndHeadAreAnswered() throws Exception {
        for (String method : List.of("POST", "PUT", "DELETE", "OPTIONS")) {
            Response r = raw(method, "/api/runs", "127.0.0.1:" + server.port());
            assertThat(r.status()).as(method).isEqualTo(405);
            assertThat(r.headers()).contains("Allow: GET, HEAD");
        }
        Response head = raw("HEAD", "/api/runs", "127.0.0.1:" + server.port());
        assertThat(head.status()).isEqualTo(200);
        assertThat(head.body()).isEmpty();
    }

    @Test
    void listensOnLoopbackAndOnlyAnswersItsOwnHostNames() throws IOException {
        assertThat(server.address().getAddress().isLoopbackAddress()).isTrue();
        assertThat(server.url()).isEqualTo("http://127.0.0.1:" + server.port() + "/");
        assertThat(raw("GET", "/api/runs", "localhost:" + server.port()).status()).isEqualTo(200);
        assertThat(raw("GET", "/api/runs", "attacker.example:" + server.port()).status()).isEqualTo(403);
        assertThat(raw("GET", "/api/runs", "127.0.0.1:1").status()).isEqualTo(403);
    }
}

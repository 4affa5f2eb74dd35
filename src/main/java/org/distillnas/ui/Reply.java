package org.distillnas.ui;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;

/**
 * What the dashboard answers to one request, before it is sent: the routes build these, and one
 * place ({@link DashboardServer}) writes them, so headers and HEAD handling are the same everywhere.
 *
 * @param noStore whether the browser must fetch it again each time (live data)
 */
record Reply(int status, String contentType, byte[] body, boolean noStore) {
    private static final ObjectMapper JSON = new ObjectMapper();

    static Reply html(String page) {
        return new Reply(200, "text/html; charset=utf-8", page.getBytes(StandardCharsets.UTF_8), true);
    }

    /** JSON data that changes while runs go on: never cached. */
    static Reply json(JsonNode node) {
        try {
            return new Reply(200, "application/json; charset=utf-8", JSON.writeValueAsBytes(node), true);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static Reply bytes(String contentType, byte[] body, boolean noStore) {
        return new Reply(200, contentType, body, noStore);
    }

    /** An error with a short fixed text that names no path and no exception. */
    static Reply error(int status, String text) {
        return new Reply(status, "text/plain; charset=utf-8", (text + "\n").getBytes(StandardCharsets.UTF_8), true);
    }

    static Reply notFound() {
        return error(404, "not found");
    }
}

package org.distillnas.data;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Opens the content behind an address. The {@link Downloader} reaches the network only through
 * this interface, so tests hand it local files or in-memory bytes instead.
 */
@FunctionalInterface
public interface Fetcher {

    /** A stream of the content at {@code uri}; the caller closes it. */
    InputStream open(URI uri) throws IOException;

    /**
     * The real transport: HTTP and HTTPS through {@link HttpClient}, following redirects, and
     * {@code file:} addresses from the local disk (handy for mirrors on a shared drive).
     */
    static Fetcher standard() {
        return new Fetcher() {
            private final HttpClient client = HttpClient.newBuilder()
                    .followRedirects(HttpClient.Redirect.NORMAL)
                    .connectTimeout(Duration.ofSeconds(30))
                    .build();

            @Override
            public InputStream open(URI uri) throws IOException {
                String scheme = uri.getScheme() == null ? "" : uri.getScheme();
                if (scheme.equals("file")) {
                    return Files.newInputStream(Path.of(uri));
                }
                if (!scheme.equals("http") && !scheme.equals("https")) {
                    throw new IOException("unsupported address scheme '" + scheme + "' in " + uri);
                }
                HttpRequest request = HttpRequest.newBuilder(uri).GET().build();
                HttpResponse<InputStream> response;
                try {
                    response = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException("interrupted while connecting to " + uri, e);
                }
                if (response.statusCode() != 200) {
                    response.body().close();
                    throw new IOException("HTTP status " + response.statusCode() + " from " + uri);
                }
                return response.body();
            }
        };
    }
}

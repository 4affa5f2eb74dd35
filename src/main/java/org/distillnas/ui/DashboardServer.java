package org.distillnas.ui;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.distillnas.view.RunListing;
import org.distillnas.view.RunViews;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The local dashboard over a folder of runs ({@code distillnas ui}): a small HTTP server of the
 * JDK's, read-only, answering GET and HEAD only.
 *
 * <p>It listens on the loopback address unless told otherwise, since run folders are private
 * work. A request whose {@code Host} header names neither the address it is bound to nor
 * {@code localhost} is refused, so that a web page in the same browser cannot reach the dashboard
 * through a host name of its own that resolves to 127.0.0.1 (DNS rebinding). A failing request
 * is logged and answered with a 500 that says only "internal error": it never ends the server and
 * never shows a path or a stack trace to the browser.
 */
public final class DashboardServer implements AutoCloseable {
    /** The address the dashboard binds to when none is given. */
    public static final String DEFAULT_HOST = "127.0.0.1";
    private static final Logger LOG = LoggerFactory.getLogger(DashboardServer.class);
    private static final int THREADS = 4;

    private final HttpServer server;
    private final ExecutorService executor;
    private final DashboardRoutes routes;

    private DashboardServer(HttpServer server, ExecutorService executor, DashboardRoutes routes) {
        this.server = server;
        this.executor = executor;
        this.routes = routes;
    }

    /** Starts a dashboard whose run and comparison pages draw {@link RunViews}. */
    public static DashboardServer start(RunListing listing, String rootLabel, String host, int port) throws IOException {
        return start(listing, rootLabel, host, port, dir -> RunViews.run(dir, listing), RunViews::compare);
    }

    /**
     * Starts a dashboard on {@code host}:{@code port} (port 0: any free port, see {@link #port}).
     *
     * @param rootLabel the runs folder as the user named it, shown on the list page
     * @param runView the JSON of one run folder, for {@code /api/run/ID}
     * @param compareView the JSON of several, for {@code /api/compare?run=ID&run=ID}
     * @throws java.net.BindException when the port is taken
     */
    public static DashboardServer start(RunListing listing, String rootLabel, String host, int port,
            Function<Path, ObjectNode> runView, Function<List<Path>, ObjectNode> compareView) throws IOException {
        HttpServer http = HttpServer.create(new InetSocketAddress(InetAddress.getByName(host), port), 0);
        ExecutorService executor = Executors.newFixedThreadPool(THREADS, daemonThreads());
        DashboardServer dashboard = new DashboardServer(http, executor,
                new DashboardRoutes(listing, rootLabel, runView, compareView));
        http.createContext("/", dashboard::handle);
        http.setExecutor(executor);
        http.start();
        return dashboard;
    }

    /** The address and port the dashboard listens on. */
    public InetSocketAddress address() {
        return server.getAddress();
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** The list page's address, for the user to open. */
    public String url() {
        InetAddress a = address().getAddress();
        String host = a.getHostAddress().contains(":") ? "[" + a.getHostAddress() + "]" : a.getHostAddress();
        return "http://" + host + ":" + port() + "/";
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    private void handle(HttpExchange exchange) {
        try (exchange) {
            String method = exchange.getRequestMethod();
            boolean head = method.equals("HEAD");
            Reply reply;
            if (!head && !method.equals("GET")) {
                exchange.getResponseHeaders().set("Allow", "GET, HEAD");
                reply = Reply.error(405, "method not allowed: the dashboard is read-only");
            } else if (!hostAllowed(exchange.getRequestHeaders().getFirst("Host"))) {
                reply = Reply.error(403, "unexpected Host header: open the address the dashboard printed");
            } else {
                reply = answer(exchange);
            }
            send(exchange, reply, head);
        } catch (IOException e) {
            LOG.debug("dashboard: the client went away during {}", exchange.getRequestURI().getRawPath(), e);
        } catch (RuntimeException | Error e) {
            LOG.error("dashboard: sending the reply to {} failed", exchange.getRequestURI().getRawPath(), e);
        }
    }

    private Reply answer(HttpExchange exchange) {
        try {
            return routes.route(exchange.getRequestURI().getRawPath(), exchange.getRequestURI().getRawQuery());
        } catch (RuntimeException | StackOverflowError | LinkageError | AssertionError e) {
            LOG.error("dashboard: {} failed", exchange.getRequestURI().getRawPath(), e);
            return Reply.error(500, "internal error");
        }
    }

    private static void send(HttpExchange exchange, Reply reply, boolean head) throws IOException {
        var headers = exchange.getResponseHeaders();
        headers.set("Content-Type", reply.contentType());
        headers.set("X-Content-Type-Options", "nosniff");
        headers.set("Referrer-Policy", "no-referrer");
        if (reply.noStore()) {
            headers.set("Cache-Control", "no-store");
        }
        if (head) {
            exchange.sendResponseHeaders(reply.status(), -1);
            return;
        }
        exchange.sendResponseHeaders(reply.status(), reply.body().length == 0 ? -1 : reply.body().length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(reply.body());
        }
    }

    /**
     * Whether a request's {@code Host} names this dashboard: its bound address, or {@code localhost}
     * when it listens on loopback. A dashboard bound to all interfaces ({@code 0.0.0.0}) was asked
     * to be reachable by any name, so any is accepted.
     */
    private boolean hostAllowed(String hostHeader) {
        InetAddress bound = address().getAddress();
        if (bound.isAnyLocalAddress()) {
            return true;
        }
        if (hostHeader == null) {
            return false;
        }
        String host = hostHeader.strip().toLowerCase(Locale.ROOT);
        int colon = host.lastIndexOf(':');
        if (colon >= 0 && host.indexOf(']') < colon) {
            if (!host.substring(colon + 1).equals(Integer.toString(port()))) {
                return false;
            }
            host = host.substring(0, colon);
        }
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        if (bound.isLoopbackAddress() && host.equals("localhost")) {
            return true;
        }
        return isAddressLiteral(host) && sameAddress(host, bound);
    }

    private static boolean isAddressLiteral(String host) {
        return !host.isEmpty() && host.chars().allMatch(c -> Character.digit(c, 16) >= 0 || c == '.' || c == ':');
    }

    /** Whether an address literal names {@code bound} (no name lookup: literals only). */
    private static boolean sameAddress(String literal, InetAddress bound) {
        try {
            return InetAddress.getByName(literal).equals(bound);
        } catch (java.net.UnknownHostException e) {
            return false;
        }
    }

    private static ThreadFactory daemonThreads() {
        AtomicInteger count = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, "dashboard-" + count.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}

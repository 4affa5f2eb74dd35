package org.distillnas.cli;

import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.distillnas.ui.DashboardServer;
import org.distillnas.util.BadInputException;
import org.distillnas.view.RunListing;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code distillnas ui}: a local, read-only dashboard over a folder of runs, until Ctrl-C. */
@Command(name = "ui", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Serves a read-only dashboard of the runs below a folder: every search and trained model"
            + " (a folder with config.json and metrics.jsonl, up to 4 levels down) with its state (running, finished,"
            + " failed, stale = stopped without finishing, resumable), progress and best accuracy; each run's page"
            + " with its curves, redrawn while it runs; and a comparison of the runs ticked. It listens on"
            + " 127.0.0.1 only, unless --host says otherwise, and changes nothing on disk.",
            "",
            "Example: distillnas ui --runs runs, then open the address it prints."})
public final class UiCommand implements Callable<Integer> {
    /** The port the dashboard listens on unless told otherwise. */
    static final int DEFAULT_PORT = 8765;

    @Option(names = "--runs", defaultValue = "runs", paramLabel = "DIR", description = "Folder of runs to show (default: ${DEFAULT-VALUE}).")
    Path runs;

    @Option(names = "--port", defaultValue = "" + DEFAULT_PORT, paramLabel = "N",
            description = "TCP port, 0 = any free one (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--host", defaultValue = DashboardServer.DEFAULT_HOST, paramLabel = "ADDR",
            description = "Address to listen on; anything but a loopback address lets other machines read the runs"
                    + " (default: ${DEFAULT-VALUE}).")
    String host;

    @Option(names = "--stale-after", defaultValue = "10", paramLabel = "MINUTES",
            description = "A run that wrote no metrics, alphas or checkpoint for this long counts as stopped (stale)"
                    + " (default: ${DEFAULT-VALUE}).")
    double staleAfterMinutes;

    @Override
    public Integer call() throws InterruptedException {
        DashboardServer server = start();
        System.out.println("dashboard: " + server.url() + " over " + runs);
        System.out.flush();
        Runtime.getRuntime().addShutdownHook(new Thread(server::close, "dashboard-stop"));
        new CountDownLatch(1).await(); // until Ctrl-C ends the JVM
        return 0;
    }

    /** Checks the options and starts the dashboard; bad values are one-line user errors. */
    DashboardServer start() {
        if (!Files.isDirectory(runs)) {
            throw new BadInputException("--runs " + runs + (Files.exists(runs) ? " is not a folder" : " does not exist")
                    + ": expected a folder of runs (e.g. the --out folders of distillnas search and train)");
        }
        if (port < 0 || port > 65535) {
            throw new BadInputException("--port " + port + ": expected a TCP port from 1 to 65535, or 0 for any free one");
        }
        if (!(staleAfterMinutes > 0) || Double.isInfinite(staleAfterMinutes)) {
            throw new BadInputException("--stale-after " + staleAfterMinutes + ": expected a positive number of minutes");
        }
        Duration staleAfter = Duration.ofMillis(Math.max(1, Math.round(staleAfterMinutes * 60_000)));
        checkHost();
        RunListing listing = new RunListing(runs, staleAfter, Clock.systemUTC());
        try {
            return DashboardServer.start(listing, runs.toString(), host, port);
        } catch (BindException e) {
            throw new BadInputException("--port " + port + " on " + host + ": " + e.getMessage()
                    + "; expected a free port (try --port 0 for any free one)", e);
        } catch (IOException e) {
            throw new BadInputException("cannot listen on " + host + ":" + port + ": " + e.getMessage(), e);
        }
    }

    /** The address must be one of this machine's, so that a failure to listen is the port's fault. */
    private void checkHost() {
        String problem;
        try {
            InetAddress address = InetAddress.getByName(host);
            if (address.isAnyLocalAddress() || NetworkInterface.getByInetAddress(address) != null) {
                return;
            }
            problem = "not an address of this machine";
        } catch (UnknownHostException e) {
            problem = "unknown host";
        } catch (SocketException e) {
            problem = e.getMessage();
        }
        throw new BadInputException("--host " + host + ": " + problem + "; expected an address of this machine such as"
                + " 127.0.0.1 (the default)");
    }
}

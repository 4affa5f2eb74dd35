package org.distillnas.trial;

import java.io.IOException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The worker JVMs this process started. They die with it: a stopped {@code experiment} or
 * {@code table} (Ctrl-C, {@code kill}) would otherwise leave its trainings running unseen, and a
 * restart would start the same trials beside them. A SIGKILL cannot be caught; the runs' own folder
 * locks then keep a restarted trial from writing beside the orphan.
 */
final class ChildProcesses {
    private static final Set<Process> LIVE = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(ChildProcesses::destroyAll, "stop-trial-workers"));
    }

    private ChildProcesses() {}

    /** Starts {@code builder}'s process and tracks it until {@link #waitFor}. */
    static Process start(ProcessBuilder builder) throws IOException {
        Process p = builder.start();
        LIVE.add(p);
        return p;
    }

    /** Waits for the process to end and stops tracking it; on interruption the process is destroyed. */
    static int waitFor(Process p) throws InterruptedException {
        try {
            return p.waitFor();
        } catch (InterruptedException e) {
            destroy(p);
            throw e;
        } finally {
            LIVE.remove(p);
        }
    }

    private static void destroyAll() {
        LIVE.forEach(ChildProcesses::destroy);
    }

    private static void destroy(Process p) {
        p.descendants().forEach(ProcessHandle::destroy);
        p.destroy();
        try {
            if (!p.waitFor(5, java.util.concurrent.TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}

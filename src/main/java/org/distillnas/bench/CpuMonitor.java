package org.distillnas.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Measures how much of the machine's CPU time other processes used while one benchmark program
 * ran: the machine's busy time ({@code /proc/stat}) minus the program's own ({@code /proc/PID/stat}),
 * over the machine's total, sampled a few times a second while the program lives.
 *
 * <p>Why: on a small shared machine one other busy process can slow a 2-thread step tenfold (the
 * engines' worker threads wait for each other), which no ratio of two runs can cancel. The share
 * tells the reader which rounds to trust. Returns NaN where {@code /proc} is not available.
 */
final class CpuMonitor {
    private static final Path MACHINE = Path.of("/proc/stat");
    private static final long PERIOD_MS = 250;

    private final Path processStat;
    private final long[] start;
    private final Thread sampler;
    /** The latest machine sample {busy, total} and the program's CPU ticks, read together. */
    private volatile long[] last;

    private CpuMonitor(long pid) {
        this.processStat = Path.of("/proc", Long.toString(pid), "stat");
        this.start = machine();
        this.sampler = new Thread(this::sampleUntilGone, "cpu-monitor-" + pid);
        sampler.setDaemon(true);
    }

    /** Starts watching {@code process}; call right after starting it, so it has used almost no CPU yet. */
    static CpuMonitor watch(Process process) {
        CpuMonitor m = new CpuMonitor(process.pid());
        m.sampler.start();
        return m;
    }

    /**
     * After the program ended: the share (0..1) of the machine's CPU time that other processes used
     * during its life, or NaN if it could not be measured.
     */
    double otherShare() {
        sampler.interrupt();
        try {
            sampler.join(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        long[] l = last;
        if (start == null || l == null || l[1] <= start[1]) {
            return Double.NaN;
        }
        long busy = l[0] - start[0];
        long total = l[1] - start[1];
        return Math.max(0, busy - l[2]) / (double) total;
    }

    private void sampleUntilGone() {
        while (!Thread.currentThread().isInterrupted()) {
            long[] m = machine();
            long own = processTicks();
            if (m == null || own < 0) {
                return; // the program has ended (or /proc is missing): keep the last full sample
            }
            last = new long[] {m[0], m[1], own};
            try {
                Thread.sleep(PERIOD_MS);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** {busy, total} ticks of all CPUs since boot; busy counts steal time, which is lost to us too. */
    private static long[] machine() {
        try {
            String line = Files.readAllLines(MACHINE).get(0);
            String[] f = line.trim().split("\\s+");
            long user = Long.parseLong(f[1]);
            long nice = Long.parseLong(f[2]);
            long system = Long.parseLong(f[3]);
            long idle = Long.parseLong(f[4]);
            long iowait = Long.parseLong(f[5]);
            long irq = Long.parseLong(f[6]);
            long softirq = Long.parseLong(f[7]);
            long steal = f.length > 8 ? Long.parseLong(f[8]) : 0;
            long busy = user + nice + system + irq + softirq + steal;
            return new long[] {busy, busy + idle + iowait};
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** utime + stime of the program, in the same clock ticks as {@code /proc/stat}; -1 once it is gone. */
    private long processTicks() {
        try {
            String s = Files.readString(processStat);
            // The command name may hold spaces and parentheses: fields are counted after the last ')'.
            String[] f = s.substring(s.lastIndexOf(')') + 2).trim().split("\\s+");
            return Long.parseLong(f[11]) + Long.parseLong(f[12]);
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }
}

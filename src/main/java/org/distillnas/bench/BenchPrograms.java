package org.distillnas.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.distillnas.util.BadInputException;

/**
 * The two programs a benchmark runs, as command lines: this library's {@link SearchStepBench} in a
 * fresh JVM, and the PyTorch reference script.
 */
public final class BenchPrograms {
    /** How to get what the reference needs, appended to every error about it. */
    public static final String INSTALL_HINT = "install it with: apt-get install -y python3-torch dataset-fashion-mnist";
    /** The data folder the reference reads (hard-coded in the script). */
    static final Path REFERENCE_DATA = Path.of("/usr/share/datasets/fashion-mnist/train-images-idx3-ubyte.gz");

    /** Extra environment of the reference: unbuffered output, so its progress streams as it happens. */
    public static final Map<String, String> PYTHON_ENV = Map.of("PYTHONUNBUFFERED", "1");

    private BenchPrograms() {}

    /**
     * What both programs run.
     *
     * @param steps timed step pairs
     * @param warmup untimed step pairs before them
     * @param cells cells per stage of the supernet
     * @param threads intra-op threads (inter-op threads are always 1)
     * @param javaHeap maximum Java heap of our child, as for {@code -Xmx} (e.g. {@code 1g})
     */
    public record Settings(int steps, int warmup, int cells, int threads, String javaHeap) {
        public Settings {
            check(steps >= 1, "--steps " + steps + ": expected at least 1");
            check(warmup >= 0, "--warmup " + warmup + ": expected 0 or more");
            check(cells >= 1, "--cells " + cells + ": expected at least 1");
            check(threads >= 1, "--threads " + threads + ": expected at least 1");
            check(javaHeap != null && javaHeap.matches("[1-9][0-9]*[kKmMgG]?"),
                    "--java-heap " + javaHeap + ": expected a size like 1g or 1536m");
        }

        /** The arguments both programs take: STEPS WARMUP CELLS THREADS. */
        List<String> args() {
            return List.of(Integer.toString(steps), Integer.toString(warmup), Integer.toString(cells),
                    Integer.toString(threads));
        }
    }

    private static void check(boolean ok, String message) {
        if (!ok) {
            throw new BadInputException(message);
        }
    }

    /**
     * Our child: the running JVM's own java and class path, so it runs exactly the code that was
     * built; the launcher's JVM flags (serial GC, offline DJL).
     */
    public static List<String> javaCommand(Settings s) {
        return javaCommand(s, SearchStepBench.class);
    }

    /** As {@link #javaCommand(Settings)} for another benchmark's main class. */
    public static List<String> javaCommand(Settings s, Class<?> main) {
        return javaCommand(s.javaHeap(), main, s.args());
    }

    /** A child JVM running {@code main} with {@code args}, the launcher's flags and this class path. */
    public static List<String> javaCommand(String javaHeap, Class<?> main, List<String> args) {
        return org.distillnas.util.ChildJvm.command(javaHeap, main, java.util.Map.of(), args);
    }

    /** The reference: {@code python script ARGS...} (usually STEPS WARMUP CELLS THREADS). */
    public static List<String> pythonCommand(Path python, Path script, List<String> args) {
        List<String> cmd = new ArrayList<>(List.of(python.toString(), script.toString()));
        cmd.addAll(args);
        return cmd;
    }

    /**
     * The reference script: {@code explicit} if given, else {@code ../shared/bench/nb201_supernet_ref.py}
     * from the working folder, else the project machine's {@code /work/shared/bench/...}.
     *
     * @throws BadInputException if the file is not there
     */
    public static Path findReference(Path explicit) {
        List<Path> candidates = explicit != null ? List.of(explicit)
                : List.of(Path.of("..", "shared", "bench", "nb201_supernet_ref.py"),
                        Path.of("/work/shared/bench/nb201_supernet_ref.py"));
        for (Path p : candidates) {
            if (Files.isRegularFile(p)) {
                return p.toAbsolutePath().normalize();
            }
        }
        throw new BadInputException("PyTorch reference script not found (" + candidates.get(0)
                + (explicit != null ? "" : " or " + candidates.get(1)) + "): pass --reference PATH to"
                + " nb201_supernet_ref.py; it needs python3 with torch and Fashion-MNIST: " + INSTALL_HINT);
    }

    /**
     * Checks that {@code python} runs, imports torch and NumPy, and that the reference's data are
     * installed; returns "python VERSION, torch VERSION" for the report.
     *
     * @throws BadInputException with one line saying how to install what is missing
     */
    public static String checkPython(Path python) {
        if (!Files.isExecutable(python)) {
            throw new BadInputException("python not found at " + python + " (--python): " + INSTALL_HINT);
        }
        if (!Files.isRegularFile(REFERENCE_DATA)) {
            throw new BadInputException("the reference's data " + REFERENCE_DATA + " is missing: " + INSTALL_HINT);
        }
        String probe = "import sys, numpy, torch; print('python %s, torch %s' % (sys.version.split()[0], torch.__version__))";
        try {
            Process p = new ProcessBuilder(python.toString(), "-c", probe).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new BadInputException(python + " did not answer within 60 s when importing torch: " + INSTALL_HINT);
            }
            if (p.exitValue() != 0) {
                String last = out.isEmpty() ? "exit status " + p.exitValue() : out.lines().reduce((a, b) -> b).orElse(out);
                throw new BadInputException(python + " cannot import torch and numpy (" + last + "): " + INSTALL_HINT);
            }
            return out.lines().reduce((a, b) -> b).orElse(out);
        } catch (IOException e) {
            throw new BadInputException("cannot run " + python + " (" + e.getMessage() + "): " + INSTALL_HINT, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BenchFailure("interrupted while checking " + python, e);
        }
    }
}

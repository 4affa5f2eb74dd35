package org.distillnas.util;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The command line of a child JVM that runs this very build: the running JVM's own {@code java}
 * and class path, the launcher's flags (serial GC, offline DJL) and the given system properties.
 * Benchmarks, tables and kill campaigns run their work in such children, so that each has its own
 * process: its own memory peak, its own engine settings, and a life that can end with SIGKILL.
 */
public final class ChildJvm {
    private ChildJvm() {}

    /** {@code java -Xmx<heap> ... -D<properties> -cp <ours> <main> <args>}. */
    public static List<String> command(String javaHeap, Class<?> main, Map<String, String> properties, List<String> args) {
        List<String> cmd = launcher(List.of("-Xmx" + javaHeap));
        properties.forEach((k, v) -> cmd.add("-D" + k + "=" + v));
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), main.getName()));
        cmd.addAll(args);
        return cmd;
    }

    /**
     * {@code java <launcher flags> <jvmOptions> <main> <args>} with our class path in the
     * environment ({@code CLASSPATH}) instead of on the command line: there it would push the
     * arguments out of what {@code ps} and {@code /proc} show, since Linux keeps a command line's
     * first 4 KB, and a user looking for a worker wants to see what it runs.
     */
    public static ProcessBuilder builder(List<String> jvmOptions, String main, List<String> args) {
        List<String> cmd = launcher(jvmOptions);
        cmd.add(main);
        cmd.addAll(args);
        ProcessBuilder b = new ProcessBuilder(cmd);
        b.environment().put("CLASSPATH", System.getProperty("java.class.path"));
        return b;
    }

    private static List<String> launcher(List<String> jvmOptions) {
        String java = ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        List<String> cmd = new ArrayList<>(List.of(java, "-Xss4m", "-Xmn16m", "-XX:+UseSerialGC",
                "-Dai.djl.offline=true", "-Dai.djl.pytorch.graph_optimizer=false"));
        cmd.addAll(jvmOptions);
        return cmd;
    }
}

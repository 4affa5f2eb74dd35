package org.distillnas.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code distillnas bench}: throughput benchmarks against the PyTorch reference. */
@Command(name = "bench", mixinStandardHelpOptions = true, description = "Benchmarks (see docs/BENCHMARKS.md).")
public final class BenchCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        return 0;
    }
}

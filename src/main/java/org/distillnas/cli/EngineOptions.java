package org.distillnas.cli;

import org.distillnas.util.EngineSetup;
import picocli.CommandLine.Option;

/** Thread options shared by every command that runs the engine. */
final class EngineOptions {
    @Option(names = "--threads", defaultValue = "0", paramLabel = "N",
            description = "Intra-op threads of libtorch (0 = all cores; default: ${DEFAULT-VALUE}).")
    int threads;

    @Option(names = "--interop-threads", defaultValue = "1", paramLabel = "N",
            description = "Inter-op threads of libtorch (default: ${DEFAULT-VALUE}).")
    int interopThreads;

    void start() {
        EngineSetup.start(threads, interopThreads);
    }
}

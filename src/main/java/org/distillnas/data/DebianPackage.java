package org.distillnas.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Installs a Debian package that ships a data set, when asked to download it on a machine where
 * that is possible: apt-get is present and we run as root. Debian's mirrors are often reachable
 * where the data set's own address is not, and the package is verified by apt.
 */
final class DebianPackage {
    private static final Logger LOG = LoggerFactory.getLogger(DebianPackage.class);
    private static final Path APT_GET = Path.of("/usr/bin/apt-get");

    private DebianPackage() {}

    /** True when this process could install packages with apt-get. */
    static boolean available() {
        return Files.isExecutable(APT_GET) && "root".equals(System.getProperty("user.name"));
    }

    /**
     * Runs {@code apt-get install -y NAME} (after {@code apt-get update} if the first attempt fails);
     * returns whether it succeeded. Output goes to this process's standard error.
     */
    static boolean install(String name) {
        if (!available()) {
            return false;
        }
        LOG.info("installing Debian package {} (apt-get install -y {})", name, name);
        return run(APT_GET.toString(), "install", "-y", "-q", name)
                || (run(APT_GET.toString(), "update", "-q") && run(APT_GET.toString(), "install", "-y", "-q", name));
    }

    private static boolean run(String... command) {
        try {
            Process p = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(ProcessBuilder.Redirect.INHERIT).start();
            return p.waitFor(15, TimeUnit.MINUTES) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}

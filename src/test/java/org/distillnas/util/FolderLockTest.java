package org.distillnas.util;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FolderLockTest {
    @TempDir
    Path tmp;

    /** Holds the lock of the folder given as argument until killed. */
    public static final class Holder {
        public static void main(String[] args) throws Exception {
            try (FolderLock lock = FolderLock.acquire(Path.of(args[0]), "evolve")) {
                Files.writeString(Path.of(args[0]).resolve("held"), "yes");
                Thread.sleep(TimeUnit.MINUTES.toMillis(5));
            }
        }
    }

    @Test
    void aSecondHolderInThisProcessIsRefusedUntilTheFirstReleases() {
        Path dir = tmp.resolve("evolve");
        try (FolderLock first = FolderLock.acquire(dir, "evolve")) {
            assertThatThrownBy(() -> FolderLock.acquire(dir, "evolve")).isInstanceOf(BadInputException.class)
                    .hasMessage(dir + " is in use by another evolve (process " + ProcessHandle.current().pid()
                            + "): wait for it to end, or give another output folder");
        }
        FolderLock.acquire(dir, "evolve").close();
    }

    @Test
    void anotherProcessHoldsItUntilItIsKilled() throws Exception {
        Path dir = tmp.resolve("table");
        Process holder = new ProcessBuilder(List.of(ProcessHandle.current().info().command().orElse("java"), "-cp",
                System.getProperty("java.class.path"), Holder.class.getName(), dir.toString())).inheritIO().start();
        try {
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
            while (!Files.exists(dir.resolve("held")) && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(dir.resolve("held")).exists();
            assertThatThrownBy(() -> FolderLock.acquire(dir, "table")).isInstanceOf(BadInputException.class)
                    .hasMessageContaining("in use by another table (process " + holder.pid() + ")");
        } finally {
            holder.destroyForcibly(); // SIGKILL: the operating system releases the lock
            holder.waitFor(1, TimeUnit.MINUTES);
        }
        FolderLock.acquire(dir, "table").close();
    }
}

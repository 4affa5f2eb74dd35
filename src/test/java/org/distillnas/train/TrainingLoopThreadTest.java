package org.distillnas.train;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.pytorch.jni.JniUtils;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import org.distillnas.run.SearchEndToEndTest;
import org.distillnas.run.SearchRun;
import org.distillnas.util.EngineSetup;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A search on a thread that did not load the engine: libtorch starts each new thread recording
 * autograd, where DJL switched it off only for the loading thread.
 */
class TrainingLoopThreadTest {
    @TempDir
    Path tmp;

    @Test
    void aSearchRunsOnAFreshThreadAndLeavesItsAutogradModeAsItFoundIt() throws Exception {
        org.distillnas.TestData.requireFashionMnist();
        EngineSetup.start(2, 1);
        ExecutorService fresh = Executors.newSingleThreadExecutor();
        try {
            boolean[] modes = new boolean[2];
            CompletableFuture.runAsync(() -> {
                modes[0] = JniUtils.isGradMode();
                new SearchRun(SearchEndToEndTest.tiny("nb201", "darts", 1, 128).withSharpness(0, 1), tmp.resolve("run"),
                        new PrintStream(new ByteArrayOutputStream()), false).run(false, false);
                modes[1] = JniUtils.isGradMode();
            }, fresh).get(120, TimeUnit.SECONDS);
            assertThat(modes[0]).as("a new thread records autograd").isTrue();
            assertThat(modes[1]).as("and still does after the search").isTrue();
            assertThat(tmp.resolve("run/summary.json")).exists();
        } finally {
            fresh.shutdownNow();
        }
    }
}

package org.distillnas.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OpProfileTest {
    private static String event(String name, double ts, double dur, int tid) {
        return String.format(java.util.Locale.ROOT,
                "{\"name\": \"%s\", \"ph\": \"X\", \"ts\": %.3f, \"dur\": %.3f, \"tid\": %d, \"pid\": \"CPU Functions\"}",
                name, ts, dur, tid);
    }

    @Test
    void outermostEventsAreCountedOncePerKindForwardAndBackward(@TempDir Path dir) throws Exception {
        // 2 steps. A conv2d of 3 ms containing mkldnn_convolution (2.5 ms, not counted again), a
        // batch_norm of 1 ms, a convolution backward of 4 ms containing convolution_backward, and an
        // add_ of 0.5 ms at top level; a second thread's mul of 2 ms overlaps them in time.
        String trace = "[\n" + String.join(",\n",
                event("aten::conv2d", 0, 3000, 1),
                event("aten::mkldnn_convolution", 100, 2500, 1),
                event("aten::batch_norm", 3000, 1000, 1),
                event("autograd::engine::evaluate_function: ConvolutionBackward0", 5000, 4000, 1),
                event("aten::convolution_backward", 5100, 3800, 1),
                event("autograd::engine::evaluate_function: NativeBatchNormBackward0", 9000, 1500, 1),
                event("aten::add_", 11000, 500, 1),
                event("aten::mul", 1000, 2000, 2)) + "\n]";
        Path file = dir.resolve("trace.json");
        Files.writeString(file, trace);
        OpProfile p = OpProfile.read(file, 2);
        Map<String, OpProfile.Row> rows = p.rows().stream().collect(Collectors.toMap(OpProfile.Row::kind, Function.identity()));
        assertThat(rows.keySet()).containsExactlyInAnyOrder("convolution", "batch_norm", "add", "mul");
        assertThat(rows.get("convolution").forwardMs()).isCloseTo(1.5, within(1e-9));
        assertThat(rows.get("convolution").backwardMs()).isCloseTo(2.0, within(1e-9));
        assertThat(rows.get("convolution").forwardCalls()).isCloseTo(0.5, within(1e-9));
        assertThat(rows.get("batch_norm").forwardMs()).isCloseTo(0.5, within(1e-9));
        assertThat(rows.get("batch_norm").backwardMs()).isCloseTo(0.75, within(1e-9));
        assertThat(rows.get("add").forwardMs()).isCloseTo(0.25, within(1e-9));
        assertThat(rows.get("mul").forwardMs()).isCloseTo(1.0, within(1e-9));
        // (3 + 1 + 4 + 1.5 + 0.5 + 2) ms over 2 steps
        assertThat(p.totalMs()).isCloseTo(6.0, within(1e-9));
        assertThat(p.rows().get(0).kind()).isEqualTo("convolution");
        String table = p.table(0.05);
        assertThat(table).contains("| convolution | 1.5 | 2.0 | 58.3% | 1 / 1 |").contains("| **total** | | | **6.0 ms/step** | |");
        // add (0.25 of 6 ms = 4.2%) falls under the 5% threshold and is summed into the last row
        assertThat(table).contains("| everything else | 0.3 | 0.0 | 4.2% | |");
    }

    @Test
    void backwardFunctionsMapToTheKindOfTheirForwardOp() {
        assertThat(OpProfile.kind("autograd::engine::evaluate_function: AvgPool2DBackward0")).isEqualTo("avg_pool2d");
        assertThat(OpProfile.kind("aten::avg_pool2d")).isEqualTo("avg_pool2d");
        assertThat(OpProfile.kind("autograd::engine::evaluate_function: MulBackward0")).isEqualTo("mul");
        assertThat(OpProfile.kind("autograd::engine::evaluate_function: torch::autograd::AccumulateGrad"))
                .isEqualTo("gradient accumulation");
    }
}

package org.distillnas.util;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.Device;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code --device}'s text, its meaning on machines with 0, 1 and more GPUs, and a worker pool's devices. */
class DeviceChoiceTest {
    private static final String NO_GPU = ": this machine has no GPU that libtorch can use (CPU-only libtorch or no CUDA device):"
            + " use --device cpu or auto; see README 'GPUs'";

    @Test
    void readsEveryForm() {
        assertThat(DeviceChoice.parse("auto")).isEqualTo(DeviceChoice.AUTO);
        assertThat(DeviceChoice.parse("cpu")).isEqualTo(DeviceChoice.CPU);
        assertThat(DeviceChoice.parse("gpu")).isEqualTo(DeviceChoice.ANY_GPU);
        assertThat(DeviceChoice.parse("gpu:0")).isEqualTo(DeviceChoice.gpu(0));
        assertThat(DeviceChoice.parse("gpu:12")).isEqualTo(new DeviceChoice(DeviceChoice.Kind.GPU, 12));
        assertThat(DeviceChoice.parse(" GPU:3 ")).isEqualTo(DeviceChoice.gpu(3));
        assertThat(DeviceChoice.parse("CPU")).isEqualTo(DeviceChoice.CPU);
        for (String text : List.of("auto", "cpu", "gpu", "gpu:0", "gpu:7")) {
            assertThat(DeviceChoice.parse(text)).hasToString(text);
        }
    }

    @Test
    void badTextIsOneLineNamingItAndTheForms() {
        List<String> bad = new ArrayList<>(List.of("tpu", "gpu:x", "gpu:-1", "", "gpu:", "gpu:1.5", "cpu:0", "gpu:+1",
                "gpu0", "cuda", "gpu:99999999999", "gpu:1\nrm"));
        for (String text : bad) {
            assertThatThrownBy(() -> DeviceChoice.parse(text)).as(text).isInstanceOf(BadInputException.class)
                    .hasMessageStartingWith("--device '" + text.replace("\n", "\\n") + "': ")
                    .hasMessageEndingWith("expected auto, cpu, gpu or gpu:N (N = 0, 1, ...: a GPU's number)")
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
        }
        assertThatThrownBy(() -> DeviceChoice.parse(null)).isInstanceOf(BadInputException.class)
                .hasMessageStartingWith("--device 'null'");
        assertThatThrownBy(() -> DeviceChoice.gpu(-2)).isInstanceOf(BadInputException.class)
                .hasMessageStartingWith("--device gpu:-2: expected");
    }

    @Test
    void autoIsTheFirstGpuWhenThereIsOneElseTheCpu() {
        assertThat(DeviceChoice.AUTO.resolve(0)).isEqualTo(Device.cpu());
        assertThat(DeviceChoice.AUTO.resolve(1)).isEqualTo(Device.gpu(0));
        assertThat(DeviceChoice.AUTO.resolve(4)).isEqualTo(Device.gpu(0));
        assertThat(DeviceChoice.CPU.resolve(0)).isEqualTo(Device.cpu());
        assertThat(DeviceChoice.CPU.resolve(2)).isEqualTo(Device.cpu());
    }

    @Test
    void aGpuMustExist() {
        assertThat(DeviceChoice.ANY_GPU.resolve(1)).isEqualTo(Device.gpu(0));
        assertThat(DeviceChoice.gpu(1).resolve(2)).isEqualTo(Device.gpu(1));
        assertThatThrownBy(() -> DeviceChoice.parse("gpu").resolve(0)).isInstanceOf(BadInputException.class)
                .hasMessage("--device gpu" + NO_GPU);
        assertThatThrownBy(() -> DeviceChoice.parse("gpu:0").resolve(0)).isInstanceOf(BadInputException.class)
                .hasMessage("--device gpu:0" + NO_GPU);
        assertThatThrownBy(() -> DeviceChoice.parse("gpu:3").resolve(1)).isInstanceOf(BadInputException.class)
                .hasMessage("--device gpu:3: libtorch can use 1 GPU(s) here, gpu:0: use one of those, cpu or auto");
        assertThatThrownBy(() -> DeviceChoice.parse("gpu:2").resolve(2)).isInstanceOf(BadInputException.class)
                .hasMessage("--device gpu:2: libtorch can use 2 GPU(s) here, gpu:0 to gpu:1: use one of those, cpu or auto");
    }

    @Test
    void namesADeviceAsTheOptionWould() {
        assertThat(DeviceChoice.of(Device.cpu())).hasToString("cpu");
        assertThat(DeviceChoice.of(Device.gpu(2))).hasToString("gpu:2");
    }

    private static List<String> pool(String requested, int workers, int gpus) {
        List<String> out = new ArrayList<>();
        for (int k = 0; k < workers; k++) {
            out.add(DeviceChoice.forWorker(DeviceChoice.parse(requested), k, gpus));
        }
        return out;
    }

    @Test
    void aPoolGivesEachWorkerItsOwnGpuRoundRobin() {
        assertThat(pool("auto", 5, 2)).containsExactly("gpu:0", "gpu:1", "gpu:0", "gpu:1", "gpu:0");
        assertThat(pool("gpu", 4, 3)).containsExactly("gpu:0", "gpu:1", "gpu:2", "gpu:0");
        assertThat(pool("auto", 3, 4)).containsExactly("gpu:0", "gpu:1", "gpu:2");
        assertThat(pool("auto", 3, 1)).containsExactly("gpu:0", "gpu:0", "gpu:0");
    }

    @Test
    void aPoolWithoutGpusOrAskedForOneDeviceKeepsIt() {
        assertThat(pool("auto", 3, 0)).containsExactly("cpu", "cpu", "cpu");
        assertThat(pool("cpu", 2, 4)).containsExactly("cpu", "cpu");
        assertThat(pool("gpu:1", 3, 2)).containsExactly("gpu:1", "gpu:1", "gpu:1");
    }

    @Test
    void aPoolAskedForAMissingGpuFailsOnceWithTheSameLine() {
        assertThatThrownBy(() -> pool("gpu", 2, 0)).isInstanceOf(BadInputException.class).hasMessage("--device gpu" + NO_GPU);
        assertThatThrownBy(() -> pool("gpu:2", 2, 2)).isInstanceOf(BadInputException.class)
                .hasMessageStartingWith("--device gpu:2: libtorch can use 2 GPU(s) here");
        assertThatThrownBy(() -> DeviceChoice.forWorker(DeviceChoice.AUTO, -1, 2)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> DeviceChoice.forWorker(DeviceChoice.AUTO, 0, -1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void whatAWorkerIsGivenIsAValidDeviceOnThatMachine() {
        for (String requested : List.of("auto", "cpu", "gpu", "gpu:0", "gpu:2")) {
            for (int gpus = 3; gpus <= 4; gpus++) {
                for (String given : pool(requested, 7, gpus)) {
                    // the worker reads it back as --device and finds that device there
                    Device d = DeviceChoice.parse(given).resolve(gpus);
                    assertThat(DeviceChoice.of(d)).hasToString(given);
                }
            }
        }
    }
}

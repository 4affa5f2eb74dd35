package org.distillnas.util;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.Random;
import org.distillnas.data.Batch;
import org.distillnas.nn.Fn;
import org.distillnas.nn.ParamFactory;
import org.distillnas.space.SampledSpace;
import org.distillnas.space.SampledSpaces;
import org.distillnas.space.genotype.Subnet;
import org.distillnas.supernet.DiscreteNetwork;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The device chosen at engine start is where the managers a run creates, and so its arrays, live. */
class EngineDeviceTest {
    static final String SMALLEST = "mbv3-small:r24:s8:16[k3e1]:16[k3e3]:24[k3e3]:32[k3e3]:48[k3e3]:l192:f256";

    @BeforeAll
    static void engine() {
        EngineSetup.start(1, 1);
    }

    /** Later tests in this JVM get the default device back. */
    @AfterEach
    void back() {
        EngineSetup.useDevice(null);
    }

    private static void assumeNoGpu() {
        assumeTrue(Engine.getInstance().getGpuCount() == 0, "this build's libtorch can use a GPU here");
    }

    @Test
    void autoIsTheCpuOnThisMachine() {
        assumeNoGpu();
        EngineSetup.start(new EngineConfig(1, 1), DeviceChoice.AUTO);
        assertThat(EngineSetup.device()).isEqualTo(Device.cpu());
        assertThat(EngineSetup.inForce().device()).isEqualTo("cpu");
        EngineSetup.useDevice(null);
        assertThat(EngineSetup.device()).isEqualTo(Device.cpu());
    }

    @Test
    void aGpuWithoutOneIsTheOneLineErrorAndChangesNothing() {
        assumeNoGpu();
        EngineSetup.start(new EngineConfig(1, 1), DeviceChoice.CPU);
        for (String asked : new String[] {"gpu", "gpu:0", "gpu:1"}) {
            assertThatThrownBy(() -> EngineSetup.start(new EngineConfig(1, 1), DeviceChoice.parse(asked)))
                    .isInstanceOf(BadInputException.class)
                    .hasMessage("--device " + asked + ": this machine has no GPU that libtorch can use (CPU-only libtorch"
                            + " or no CUDA device): use --device cpu or auto; see README 'GPUs'");
            assertThat(EngineSetup.device()).isEqualTo(Device.cpu());
        }
    }

    @Test
    void aNetworkStepOnTheCpuHasEveryArrayThere() {
        EngineSetup.start(new EngineConfig(1, 1), DeviceChoice.CPU);
        SampledSpace space = SampledSpaces.byName("mbv3-small");
        Subnet subnet = Subnet.parse(SMALLEST);
        Random r = new Random(5);
        float[] pixels = new float[4 * 24 * 24];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = (float) r.nextGaussian();
        }
        Batch batch = new Batch(pixels, new int[] {0, 1, 2, 3}, 4, 1, 24, 24);
        try (NDManager run = EngineSetup.newManager()) {
            assertThat(run.getDevice()).isEqualTo(Device.cpu());
            DiscreteNetwork net = space.network(subnet, 1, 10, new ParamFactory(run, 3));
            net.namedParams().forEach((name, p) -> assertThat(p.value().getDevice()).as(name).isEqualTo(Device.cpu()));
            try (NDManager step = run.newSubManager()) {
                assertThat(step.getDevice()).isEqualTo(Device.cpu());
                NDArray x = batch.x(step);
                NDArray y = batch.y(step);
                NDArray logits = net.forward(x, true);
                assertThat(x.getDevice()).isEqualTo(Device.cpu());
                assertThat(y.getDevice()).isEqualTo(Device.cpu());
                assertThat(logits.getDevice()).isEqualTo(Device.cpu());
                assertThat(logits.getShape().get(0)).isEqualTo(4);
                // a pooling constant built once for the process follows its input
                assertThat(Fn.avgPool(x, 3, 1, 1).getDevice()).isEqualTo(Device.cpu());
                assertThat(Fn.scalar(x, 2.0).getDevice()).isEqualTo(Device.cpu());
            }
        }
    }

    /**
     * With the device forced to a GPU this libtorch cannot use, the managers a run would create are
     * on that GPU, and their first array fails in libtorch rather than quietly landing on the CPU.
     */
    @Test
    void managersAreOnTheChosenDeviceEvenWhereItCannotComputeAndSoAreTheirArrays() {
        assumeNoGpu();
        EngineSetup.useDevice(Device.gpu(0));
        try (NDManager run = EngineSetup.newManager(); NDManager step = run.newSubManager()) {
            assertThat(run.getDevice()).isEqualTo(Device.gpu(0));
            assertThat(step.getDevice()).isEqualTo(Device.gpu(0));
            Batch batch = new Batch(new float[4], new int[] {1}, 1, 1, 2, 2);
            assertThatThrownBy(() -> batch.x(step)).isInstanceOf(RuntimeException.class);
        }
    }
}

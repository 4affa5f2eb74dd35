package org.distillnas.util;

import ai.djl.Device;
import java.util.Locale;

/**
 * The device a run's tensors live on, as asked with {@code --device}: {@code auto} (the first GPU
 * when libtorch can use one, else the CPU), {@code cpu}, {@code gpu} (the first GPU) or
 * {@code gpu:N}.
 *
 * <p>{@link #parse} checks the text alone, so a typo fails before libtorch loads; {@link #resolve}
 * checks the choice against the GPUs libtorch can use ({@code Engine.getGpuCount()}, which is 0 for
 * a CPU-only libtorch even on a machine with a CUDA card). Both report a bad choice as a
 * {@link BadInputException}: one line naming the value and what was expected.
 *
 * @param kind auto, cpu or gpu
 * @param gpu the GPU's number for {@code gpu:N}; -1 for {@code auto}, {@code cpu} and a plain
 *     {@code gpu}, which leaves the number to whoever places the run (a pool of workers spreads
 *     them over the GPUs, see {@link #forWorker})
 */
public record DeviceChoice(Kind kind, int gpu) {
    /** What kind of device was asked for. */
    public enum Kind { AUTO, CPU, GPU }

    /** The default: a GPU when libtorch can use one. */
    public static final DeviceChoice AUTO = new DeviceChoice(Kind.AUTO, -1);
    public static final DeviceChoice CPU = new DeviceChoice(Kind.CPU, -1);
    /** The first GPU, or in a pool of workers one GPU each. */
    public static final DeviceChoice ANY_GPU = new DeviceChoice(Kind.GPU, -1);

    private static final String EXPECTED = "expected auto, cpu, gpu or gpu:N (N = 0, 1, ...: a GPU's number)";

    public DeviceChoice {
        if (kind == null || gpu < -1 || kind != Kind.GPU && gpu != -1) {
            throw new IllegalArgumentException(kind + " with GPU number " + gpu);
        }
    }

    /** One GPU, by its number (0 is the first). */
    public static DeviceChoice gpu(int number) {
        if (number < 0) {
            throw new BadInputException("--device gpu:" + number + ": " + EXPECTED);
        }
        return new DeviceChoice(Kind.GPU, number);
    }

    /** Reads {@code auto}, {@code cpu}, {@code gpu} or {@code gpu:N} (any letter case, surrounding blanks ignored). */
    public static DeviceChoice parse(String text) {
        String t = text == null ? "" : text.strip().toLowerCase(Locale.ROOT);
        switch (t) {
            case "auto":
                return AUTO;
            case "cpu":
                return CPU;
            case "gpu":
                return ANY_GPU;
            default:
                break;
        }
        // digits only: Integer.parseInt would also take "+1", and a number too long for an int is no GPU
        if (t.matches("gpu:[0-9]{1,6}")) {
            return gpu(Integer.parseInt(t.substring(4)));
        }
        throw new BadInputException("--device '" + text + "': " + EXPECTED);
    }

    /** The choice that names {@code device} exactly ({@code cpu} or {@code gpu:N}). */
    public static DeviceChoice of(Device device) {
        return device.isGpu() ? gpu(device.getDeviceId()) : CPU;
    }

    /**
     * The device this choice means on a machine where libtorch can use {@code gpuCount} GPUs.
     *
     * @throws BadInputException for a GPU that libtorch cannot use there
     */
    public Device resolve(int gpuCount) {
        return switch (kind) {
            case AUTO -> gpuCount > 0 ? Device.gpu(0) : Device.cpu();
            case CPU -> Device.cpu();
            case GPU -> Device.gpu(checkedGpu(Math.max(gpu, 0), gpuCount, this));
        };
    }

    /**
     * The {@code --device} to give worker {@code worker} (0, 1, ...) of a pool of worker processes
     * that was asked to run on this choice, on a machine where libtorch can use {@code gpuCount}
     * GPUs: {@code auto} and a plain {@code gpu} give each worker its own GPU, round-robin (worker k
     * gets {@code gpu:(k mod gpuCount)}); {@code auto} without GPUs gives {@code cpu}; {@code cpu} and
     * {@code gpu:N} are passed on unchanged (every worker on that device).
     *
     * @throws BadInputException for a GPU that libtorch cannot use there, so that a pool fails once,
     *     with one line, rather than once in every worker
     */
    public static String forWorker(DeviceChoice requested, int worker, int gpuCount) {
        if (worker < 0 || gpuCount < 0) {
            throw new IllegalArgumentException("worker " + worker + ", " + gpuCount + " GPUs");
        }
        return switch (requested.kind()) {
            case CPU -> CPU.toString();
            case AUTO -> gpuCount == 0 ? CPU.toString() : gpu(worker % gpuCount).toString();
            case GPU -> gpu(checkedGpu(requested.gpu() >= 0 ? requested.gpu() : worker % Math.max(gpuCount, 1), gpuCount,
                    requested)).toString();
        };
    }

    /** {@code number} if libtorch can use that GPU, else the one-line error naming what was {@code asked}. */
    private static int checkedGpu(int number, int gpuCount, DeviceChoice asked) {
        if (gpuCount == 0) {
            throw new BadInputException("--device " + asked + ": this machine has no GPU that libtorch can use (CPU-only libtorch"
                    + " or no CUDA device): use --device cpu or auto; see README 'GPUs'");
        }
        if (number >= gpuCount) {
            throw new BadInputException("--device " + asked + ": libtorch can use " + gpuCount + " GPU(s) here, "
                    + (gpuCount == 1 ? "gpu:0" : "gpu:0 to gpu:" + (gpuCount - 1)) + ": use one of those, cpu or auto");
        }
        return number;
    }

    /** The text that {@link #parse} reads back: {@code auto}, {@code cpu}, {@code gpu} or {@code gpu:N}. */
    @Override
    public String toString() {
        return switch (kind) {
            case AUTO -> "auto";
            case CPU -> "cpu";
            case GPU -> gpu < 0 ? "gpu" : "gpu:" + gpu;
        };
    }
}

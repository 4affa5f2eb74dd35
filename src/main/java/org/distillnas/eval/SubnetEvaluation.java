package org.distillnas.eval;

import ai.djl.ndarray.NDManager;
import org.distillnas.data.BatchStream;
import org.distillnas.nn.ParamFactory;
import org.distillnas.space.SampledSpace;
import org.distillnas.space.genotype.Subnet;
import org.distillnas.supernet.DiscreteNetwork;
import org.distillnas.supernet.SampledSupernet;
import org.distillnas.util.NativeAllocator;

/**
 * The one-shot score of a subnet: its stand-alone network with the supernet's weights of that
 * subnet (inherited), BatchNorm statistics recomputed on training batches, then evaluated. It
 * works on an extracted copy, so the supernet is never modified and several subnets can be scored
 * at once on different threads; the recalibration is deterministic (fixed batches, cumulative
 * average), so a subnet scores the same every time.
 *
 * @param space the supernet's space
 * @param supernet the trained supernet (only read)
 * @param inChannels image channels of the data
 * @param numClasses classes of the data
 * @param train training batches of the recalibration (the first {@code recalibrationBatches} of epoch 0)
 * @param val what the network is evaluated on
 * @param recalibrationBatches batches of the recalibration (0: keep the supernet's statistics)
 */
public record SubnetEvaluation(SampledSpace space, SampledSupernet supernet, int inChannels, int numClasses,
        BatchStream train, BatchStream val, int recalibrationBatches) {

    /** The evaluation of a subnet and the parameter count of its stand-alone network. */
    public record Scored(Evaluator.Result result, long parameters) {}

    /** Loss and accuracy of {@code subnet} with inherited weights. */
    public Evaluator.Result evaluate(Subnet subnet, NDManager manager) {
        return score(subnet, manager).result();
    }

    /** As {@link #evaluate}, with the parameters of the network it built anyway (for reports). */
    public Scored score(Subnet subnet, NDManager manager) {
        try (NDManager m = manager.newSubManager()) {
            DiscreteNetwork network = network(subnet, m);
            return new Scored(Evaluator.evaluate(network::forward, val, m), network.countParameters());
        } finally {
            // every subnet has other tensor shapes: without this, freed blocks piled up by the GiB
            NativeAllocator.trim();
        }
    }

    /**
     * The stand-alone network of {@code subnet} in {@code manager}, with the supernet's weights and
     * its BatchNorm statistics recalibrated: what {@link #score} evaluates.
     */
    public DiscreteNetwork network(Subnet subnet, NDManager manager) {
        DiscreteNetwork network = space.network(subnet, inChannels, numClasses, new ParamFactory(manager, 0));
        space.inherit(supernet, network);
        if (recalibrationBatches > 0) {
            BnRecalibration.run(network, train, recalibrationBatches, manager);
        }
        return network;
    }

    /** The same evaluation on the first {@code images} images of its validation stream only (0: all). */
    public SubnetEvaluation onFirstImages(int images) {
        return new SubnetEvaluation(space, supernet, inChannels, numClasses, train, val.firstImages(images),
                recalibrationBatches);
    }
}

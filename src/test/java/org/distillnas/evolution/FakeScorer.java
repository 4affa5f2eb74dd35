package org.distillnas.evolution;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.ToLongFunction;
import org.distillnas.space.SampledSpace;
import org.distillnas.space.genotype.Subnet;

/**
 * A scorer without an engine: accuracy rises with MACs and saturates, plus a fixed noise from the
 * canonical string's hash (so equal-cost subnets differ), as a trained supernet's scores roughly
 * do. Counts how often each subnet is scored and can delay by a hash-derived amount, so that
 * evaluations on several workers finish out of order.
 */
final class FakeScorer implements SubnetScorer {
    /** Fashion-MNIST's image channels and classes: the MACs a real run would count. */
    static ToLongFunction<Subnet> macs(SampledSpace space) {
        return s -> space.flopsTable(s.resolution(), 1, 10).macs(s);
    }

    private final ToLongFunction<Subnet> macs;
    private final boolean jitter;
    final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();

    FakeScorer(SampledSpace space, boolean jitter) {
        this.macs = macs(space);
        this.jitter = jitter;
    }

    @Override
    public double accuracy(Subnet subnet) {
        calls.computeIfAbsent(subnet.toString(), k -> new AtomicInteger()).incrementAndGet();
        int hash = Math.floorMod(subnet.toString().hashCode(), 1000);
        if (jitter) {
            try {
                Thread.sleep(hash % 3);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return 0.5 + 0.4 * (1 - Math.exp(-macs.applyAsLong(subnet) / 4e6)) + 0.05 * hash / 1000.0;
    }
}

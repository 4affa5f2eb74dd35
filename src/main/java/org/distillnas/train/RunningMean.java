package org.distillnas.train;

/** Sample-weighted running means of a loss and an accuracy over an epoch. */
final class RunningMean {
    private double lossSum;
    private long correct;
    private long count;

    void add(double loss, long correctInBatch, int batchSize) {
        if (batchSize == 0 || Double.isNaN(loss)) {
            return;
        }
        lossSum += loss * batchSize;
        correct += correctInBatch;
        count += batchSize;
    }

    double loss() {
        return count == 0 ? Double.NaN : lossSum / count;
    }

    double accuracy() {
        return count == 0 ? Double.NaN : (double) correct / count;
    }
}

package org.distillnas.distill;

import ai.djl.ndarray.NDArray;

/**
 * Confidence-weighted voting: per sample, each teacher's probabilities weigh in proportion to that
 * teacher's confidence, its largest probability for the sample:
 *
 * <pre>
 *   m_kn = max_c p_knc,    w_kn = m_kn / sum_j m_jn,    p_nc = sum_k w_kn p_knc
 * </pre>
 *
 * <p>The weights are per sample (a teacher sure of one image and unsure of another counts more for
 * the first), sum to 1 over the teachers, and the result is again a probability vector. The
 * confidences are those of the probabilities handed in, i.e. of the teachers' softmax at the
 * distillation temperature. Equal confidences give soft voting.
 */
public final class ConfidenceVoting implements Voting {
    @Override
    public NDArray aggregate(NDArray teacherProbs) {
        NDArray confidence = teacherProbs.max(new int[] {2}, true); // (K, N, 1)
        NDArray weights = confidence.div(confidence.sum(new int[] {0}, true));
        return teacherProbs.mul(weights).sum(new int[] {0});
    }
}

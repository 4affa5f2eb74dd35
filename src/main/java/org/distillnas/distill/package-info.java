/**
 * Knowledge distillation for searches: where teacher predictions come from, how several teachers'
 * predictions become one target, and how far the student is from it. Each piece is small and
 * usable on its own; {@link org.distillnas.distill.SelfDistillation} puts them together for
 * SD-DARTS (Zhu et al. 2023) and is given to any DARTS-family strategy, and AlphaNet's in-place
 * distillation ({@code strategy.alphanet}) takes its loss from here.
 *
 * <ul>
 *   <li>Teachers ({@link org.distillnas.distill.TeacherSource}):
 *       {@link org.distillnas.distill.SnapshotTeachers}, a ring of K weight snapshots taken every m
 *       steps (memory K x S, S = bytes of the supernet's non-frozen tensors, plus S during a step;
 *       time K forward passes per distilled batch), and
 *       {@link org.distillnas.distill.CachedTeachers}, each sample's logits of the K previous epochs
 *       (memory (K + 1) x N x C x 4 bytes; no forward pass); Cream's prioritized path board
 *       ({@code distill.board}), the best paths so far, one of which teaches each student path.</li>
 *   <li>Aggregation ({@link org.distillnas.distill.Voting}): soft, hard (smoothed one-hot with
 *       documented tie-breaking) and confidence-weighted voting.</li>
 *   <li>Losses ({@link org.distillnas.distill.DistillationLoss}): KL with temperature scaled by T^2
 *       ({@link org.distillnas.distill.KlDistillationLoss}), the clipped alpha-divergence with
 *       AlphaNet's surrogate gradient ({@link org.distillnas.distill.AlphaDivergenceLoss}) and its
 *       adaptive form ({@link org.distillnas.distill.AdaptiveAlphaDivergenceLoss}), chosen by a
 *       {@link org.distillnas.distill.DistillLossConfig} ({@code --kd-loss}) for every distilling
 *       method; Cream's {@link org.distillnas.distill.SoftTargetCrossEntropy} is one more, weighted
 *       against the labels by {@link org.distillnas.distill.PrioritizedPathLoss}. The weight of the
 *       self-distillation term follows a {@link org.distillnas.distill.LambdaSchedule}.</li>
 * </ul>
 *
 * <p>Teachers predict without gradient, inside the step's array manager, so memory stays flat;
 * their state is part of the strategy's checkpointed state, so a resumed search continues with
 * the same teachers.
 */
package org.distillnas.distill;

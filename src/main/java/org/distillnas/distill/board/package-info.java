/**
 * Cream of the Crop's teacher source (Peng et al., NeurIPS 2020): a {@link
 * org.distillnas.distill.board.PrioritizedBoard} of the best paths seen so far, each with a few
 * stored images and its predictions on them, and the rule that picks a student's teacher from it,
 * Cream's {@link org.distillnas.distill.board.MetaMatching} (a {@link
 * org.distillnas.distill.board.MetaMatchingNetwork} scores each entry) or the ablation's {@link
 * org.distillnas.distill.board.BestEntryMatching}. Settings: {@link
 * org.distillnas.distill.board.BoardConfig}.
 *
 * <p>Unlike the {@link org.distillnas.distill.TeacherSource}s of self-distillation, the teacher
 * depends on the student (the matching looks at the student's predictions), so the choice takes
 * the student as a function and returns which path teaches and with what weight; the strategy
 * ({@code strategy.cream}) runs the teacher path. Nothing here knows a strategy: the board holds
 * paths, numbers and arrays, the matching sees logits.
 */
package org.distillnas.distill.board;

package org.distillnas.distill.board;

/**
 * The board's answer for one student path: which entry teaches it and how much weight the
 * distillation term gets.
 *
 * @param teacher index into the board (best first) of the teaching entry
 * @param rhoEntry index of the entry whose matching score gave rho: the teacher, except under the
 *     reference code's quirk {@code rho-last-scored} (the last entry scored)
 * @param rho the weight of the distillation term, in [0, 1]
 * @param score the matching score of the teacher (NaN for a rule without a matching network)
 */
public record TeacherChoice(int teacher, int rhoEntry, double rho, double score) {}

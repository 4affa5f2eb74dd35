/**
 * Cream of the Crop's step ({@link org.distillnas.strategy.cream.CreamStrategy}): a single-path
 * (SPOS) step on {@code choice} weights in which the path learns from the labels and from a
 * teacher of the prioritized path board ({@code distill.board}), and the look-ahead that trains the
 * matching network ({@link org.distillnas.strategy.cream.LookAheadMetaGradient}).
 */
package org.distillnas.strategy.cream;

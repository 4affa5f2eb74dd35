/**
 * What one training step is given ({@link org.distillnas.step.StepContext}: where the run stands
 * and its learning rates) and what it returns ({@link org.distillnas.step.StepResult}). Below
 * the strategies and the distillation layer, which both use them, and below the loop that makes
 * them, so that no layer reaches up for them.
 */
package org.distillnas.step;

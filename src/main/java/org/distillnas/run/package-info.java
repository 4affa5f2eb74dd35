/**
 * What each command runs, from a configuration to a run folder: a search ({@link
 * org.distillnas.run.SearchRun}), a retraining ({@link org.distillnas.run.TrainRun}), a stand-alone
 * table, a ranking, a sharpness estimate. Runs put together a space, a strategy or network, data and
 * the one loop of {@code train}; nothing below this package imports it.
 */
package org.distillnas.run;

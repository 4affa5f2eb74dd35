package org.distillnas.trial.k8s;

import java.util.logging.Level;
import java.util.logging.Logger;

/** Keeps fabric8's mock API server from logging every request at INFO in the test output. */
final class MockServerLog {
    /** Held here: a logger nobody holds can be collected, and forgets its level. */
    private static final Logger LOG = Logger.getLogger("io.fabric8.mockwebserver");

    private MockServerLog() {}

    static void quiet() {
        LOG.setLevel(Level.WARNING);
    }
}

package org.distillnas.bench;

/**
 * A benchmark program failed (non-zero exit, or no {@code RESULT} line). Its message is one line
 * naming the program and pointing at the log holding its full output.
 */
public class BenchFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public BenchFailure(String message) {
        super(message);
    }

    public BenchFailure(String message, Throwable cause) {
        super(message, cause);
    }
}

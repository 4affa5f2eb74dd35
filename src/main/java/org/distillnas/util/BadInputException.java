package org.distillnas.util;

/**
 * An error caused by what the user gave us (an option, a file, a genotype), not by a bug.
 *
 * <p>Its message is one line that names the bad value and what was expected; the command line
 * prints exactly that line and exits with status 2, without a stack trace.
 */
public class BadInputException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public BadInputException(String message) {
        super(message);
    }

    public BadInputException(String message, Throwable cause) {
        super(message, cause);
    }
}

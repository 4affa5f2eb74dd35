package org.distillnas.util;

/**
 * An error caused by what the user gave us (an option, a file, a genotype), not by a bug.
 *
 * <p>Its message is one line that names the bad value and what was expected; the command line
 * prints exactly that line and exits with status 2, without a stack trace. Messages often quote
 * text read from a damaged file, so line breaks in them are escaped here ({@code \n} becomes the
 * two characters backslash and n) rather than trusted to every caller.
 */
public class BadInputException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public BadInputException(String message) {
        super(oneLine(message));
    }

    public BadInputException(String message, Throwable cause) {
        super(oneLine(message), cause);
    }

    /** {@code message} with CR, LF and the Unicode line and paragraph separators escaped. */
    static String oneLine(String message) {
        if (message == null) {
            return null;
        }
        StringBuilder sb = new StringBuilder(message.length());
        for (int i = 0; i < message.length(); i++) {
            char c = message.charAt(i);
            switch (c) {
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\u0085', '\u2028', '\u2029' -> sb.append(String.format("\\u%04x", (int) c));
                default -> sb.append(c);
            }
        }
        return sb.toString();
    }
}

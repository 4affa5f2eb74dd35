package org.distillnas.data;

import java.nio.file.Path;
import org.distillnas.util.BadInputException;

/**
 * The one-line messages for data files that are absent or unusable.
 *
 * <p>They all follow one pattern, "what is wrong with which file; how to get a good one", so
 * that a user who sees any of them knows both the path to check and the fix.
 */
final class DataFileErrors {
    private DataFileErrors() {}

    static BadInputException missing(Path file, String howToGet) {
        return new BadInputException("missing data file " + file + ": " + howToGet);
    }

    static BadInputException truncated(Path file, long expected, long found, String howToGet) {
        return new BadInputException("truncated data file " + file + ": expected " + expected + " bytes, found "
                + found + "; " + howToGet);
    }

    static BadInputException truncated(Path file, String detail, String howToGet) {
        return new BadInputException("truncated data file " + file + ": " + detail + "; " + howToGet);
    }

    static BadInputException corrupt(Path file, String detail, String howToGet) {
        return new BadInputException("corrupt data file " + file + ": " + detail + "; " + howToGet);
    }
}

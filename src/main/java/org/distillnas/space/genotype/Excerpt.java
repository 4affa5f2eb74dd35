package org.distillnas.space.genotype;

/**
 * Text from a genotype as error messages quote it: shortened, since a damaged file can put
 * thousands of characters where an op name belongs, and a message must stay one readable line.
 */
final class Excerpt {
    // Long enough for any valid NAS-Bench-201 string (about 100 characters), so those are shown whole.
    private static final int MAX = 120;

    private Excerpt() {}

    /** {@code s} itself, or its start followed by "..." if it is longer than 120 characters. */
    static String of(String s) {
        return s == null || s.length() <= MAX ? s : s.substring(0, MAX - 3) + "...";
    }
}

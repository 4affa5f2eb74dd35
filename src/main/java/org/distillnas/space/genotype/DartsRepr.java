package org.distillnas.space.genotype;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.distillnas.util.BadInputException;

/**
 * Reads and writes the form in which the DARTS code (and the many repositories derived from it)
 * prints a genotype: the Python repr of its {@code Genotype} namedtuple, e.g.
 * {@code Genotype(normal=[('sep_conv_3x3', 0), ...], normal_concat=range(2, 6), reduce=[...], reduce_concat=[2, 3, 4, 5])}.
 *
 * <p>This lets a user paste a genotype from a paper's repository or a search log. The reader
 * accepts single or double quotes, any whitespace, trailing commas, and {@code range(a, b)},
 * {@code range(b)} or a list for the concat fields. It is a small hand-written parser for exactly
 * this grammar, not a Python evaluator.
 */
public final class DartsRepr {
    private static final List<String> FIELDS = List.of("normal", "normal_concat", "reduce", "reduce_concat");

    private final String text;
    private int pos;

    private DartsRepr(String text) {
        this.text = text;
    }

    /** Parses a Python {@code Genotype(...)} repr into a genotype of DARTS space {@code space}. */
    public static DartsGenotype parse(String text, String space) {
        if (text == null || text.isBlank()) {
            throw new BadInputException("malformed DARTS genotype: it is empty, expected Genotype(normal=[...], ...)");
        }
        return new DartsRepr(text.strip()).genotype(space);
    }

    /** Writes {@code g} as the DARTS code prints it, with concat fields as lists. */
    public static String format(DartsGenotype g) {
        return "Genotype(normal=" + edges(g.normal()) + ", normal_concat=" + g.normalConcat()
                + ", reduce=" + edges(g.reduce()) + ", reduce_concat=" + g.reduceConcat() + ")";
    }

    private static String edges(List<Edge> edges) {
        return edges.stream()
                .map(e -> "('" + e.op() + "', " + e.input() + ")")
                .collect(Collectors.joining(", ", "[", "]"));
    }

    private DartsGenotype genotype(String space) {
        word("Genotype");
        expect('(');
        Map<String, Object> fields = new HashMap<>();
        while (!tryConsume(')')) {
            int at = pos;
            String name = identifier();
            if (!FIELDS.contains(name)) {
                throw error(at, "unknown field '" + name + "', expected one of " + String.join(", ", FIELDS));
            }
            if (fields.containsKey(name)) {
                throw error(at, "field '" + name + "' is given twice");
            }
            expect('=');
            fields.put(name, name.endsWith("_concat") ? concat() : edgeList());
            if (!tryConsume(',')) {
                expect(')');
                break;
            }
        }
        skipSpace();
        if (pos < text.length()) {
            throw error(pos, "unexpected text after the closing ')'");
        }
        for (String field : FIELDS) {
            if (!fields.containsKey(field)) {
                throw new BadInputException("malformed DARTS genotype: field '" + field + "' is missing, expected "
                        + String.join(", ", FIELDS));
            }
        }
        @SuppressWarnings("unchecked")
        List<Edge> normal = (List<Edge>) fields.get("normal");
        @SuppressWarnings("unchecked")
        List<Edge> reduce = (List<Edge>) fields.get("reduce");
        @SuppressWarnings("unchecked")
        List<Integer> normalConcat = (List<Integer>) fields.get("normal_concat");
        @SuppressWarnings("unchecked")
        List<Integer> reduceConcat = (List<Integer>) fields.get("reduce_concat");
        return new DartsGenotype(space, normal, normalConcat, reduce, reduceConcat);
    }

    /** {@code [('op', 0), ('op', 1), ...]}. */
    private List<Edge> edgeList() {
        List<Edge> edges = new ArrayList<>();
        expect('[');
        while (!tryConsume(']')) {
            expect('(');
            String op = string();
            expect(',');
            int input = integer();
            tryConsume(',');
            expect(')');
            edges.add(new Edge(op, input));
            if (!tryConsume(',')) {
                expect(']');
                break;
            }
        }
        return edges;
    }

    /** {@code range(a, b)}, {@code range(b)} or {@code [a, b, ...]}. */
    private List<Integer> concat() {
        skipSpace();
        List<Integer> ids = new ArrayList<>();
        if (peek() == 'r') {
            int at = pos;
            word("range");
            expect('(');
            int from = integer();
            int to;
            if (tryConsume(',')) {
                to = integer();
            } else {
                to = from;
                from = 0;
            }
            expect(')');
            // Every node listed needs two edges written out before it in the text, so a range longer
            // than the whole text cannot be valid; refusing it here avoids building a huge list first.
            if ((long) to - from > text.length()) {
                throw error(at, "range(" + from + ", " + to + ") lists " + ((long) to - from)
                        + " node ids, more than a genotype of " + text.length() + " characters can have");
            }
            for (int i = from; i < to; i++) {
                ids.add(i);
            }
            return ids;
        }
        expect('[');
        while (!tryConsume(']')) {
            ids.add(integer());
            if (!tryConsume(',')) {
                expect(']');
                break;
            }
        }
        return ids;
    }

    private String string() {
        skipSpace();
        char quote = peek();
        if (quote != '\'' && quote != '"') {
            throw error(pos, "expected a quoted op name");
        }
        int end = text.indexOf(quote, pos + 1);
        if (end < 0) {
            throw error(pos, "the op name's quote is never closed");
        }
        String s = text.substring(pos + 1, end);
        pos = end + 1;
        return s;
    }

    private int integer() {
        skipSpace();
        int start = pos;
        if (peek() == '-') {
            pos++;
        }
        while (pos < text.length() && Character.isDigit(text.charAt(pos)) && pos - start < 9) {
            pos++;
        }
        if (pos == start || text.charAt(pos - 1) == '-') {
            throw error(start, "expected an integer");
        }
        return Integer.parseInt(text.substring(start, pos));
    }

    private String identifier() {
        skipSpace();
        int start = pos;
        while (pos < text.length() && (Character.isLetterOrDigit(text.charAt(pos)) || text.charAt(pos) == '_')) {
            pos++;
        }
        if (pos == start) {
            throw error(start, "expected a field name");
        }
        return text.substring(start, pos);
    }

    private void word(String expected) {
        int at = pos;
        if (!identifier().equals(expected)) {
            throw error(at, "expected '" + expected + "'");
        }
    }

    private void expect(char c) {
        if (!tryConsume(c)) {
            throw error(pos, "expected '" + c + "'");
        }
    }

    private boolean tryConsume(char c) {
        skipSpace();
        if (peek() == c) {
            pos++;
            return true;
        }
        return false;
    }

    private char peek() {
        return pos < text.length() ? text.charAt(pos) : '\0';
    }

    private void skipSpace() {
        while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
            pos++;
        }
    }

    /** A one-line error that shows the 1-based character position and the text found there. */
    private BadInputException error(int at, String what) {
        int i = Math.min(at, text.length());
        while (i < text.length() && Character.isWhitespace(text.charAt(i))) {
            i++;
        }
        String found = i >= text.length()
                ? "the end of the text"
                : "'" + text.substring(i, Math.min(text.length(), i + 20)).replaceAll("\\s+", " ") + "'";
        return new BadInputException("malformed DARTS genotype at character " + (i + 1) + ": " + what
                + ", found " + found);
    }
}

package org.distillnas.util;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;

/**
 * Jackson's account of a JSON error, cut down to what helps a user fix the file: one line, without
 * the parser's own source references and configuration advice, and with where in the file when
 * that is known. Readers put it after the file's name in a {@link BadInputException}.
 */
public final class JsonErrors {
    private JsonErrors() {}

    /** Jackson's words: the first line of its message, minus "[Source: ...]" parts and advice about its settings. */
    public static String reason(JsonProcessingException e) {
        String s = String.valueOf(e.getOriginalMessage()).lines().findFirst().orElse("").strip();
        if (s.startsWith("Trailing token")) {
            return "more text after the JSON value, expected the end of the file";
        }
        s = s.replaceAll("\\s*\\(start marker at \\[Source: [^\\]]*\\]\\)", "");
        int advice = s.indexOf(": enable `");
        return advice > 0 ? s.substring(0, advice) : s;
    }

    /** " at line L, column C" where the error was found in the text, or "" if not known. */
    public static String where(JsonProcessingException e) {
        JsonLocation at = e.getLocation();
        return at == null || at.getLineNr() < 1 ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
    }
}

package org.distillnas.experiment;

import java.util.ArrayList;
import java.util.List;
import org.distillnas.util.BadInputException;

/** Splits an options string of a spec file into words as a shell would: blanks separate, quotes group. */
public final class CommandWords {
    private CommandWords() {}

    /**
     * @param where names the field, for the error message
     */
    public static List<String> split(String text, String where) {
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        boolean inWord = false;
        char quote = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                } else {
                    word.append(c);
                }
            } else if (c == '"' || c == '\'') {
                quote = c;
                inWord = true;
            } else if (Character.isWhitespace(c)) {
                if (inWord) {
                    words.add(word.toString());
                    word.setLength(0);
                    inWord = false;
                }
            } else {
                word.append(c);
                inWord = true;
            }
        }
        if (quote != 0) {
            throw new BadInputException(where + " '" + text + "': a " + quote + " quote is not closed");
        }
        if (inWord) {
            words.add(word.toString());
        }
        return words;
    }
}

package org.distillnas.ui;

import java.io.ByteArrayOutputStream;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Turns the still-encoded path of a request into plain names, refusing anything that could step
 * out of the folder it is looked up in.
 *
 * <p>The path is split at its literal slashes first and each piece decoded exactly once, so an
 * encoded slash ({@code %2f}) cannot make a new separator, and a double-encoded dot
 * ({@code %252e}) stays the literal text {@code %2e}. A piece is refused when it is empty (an
 * absolute path or {@code //}), {@code .} or {@code ..} after decoding, holds a slash, a backslash,
 * a NUL or another control character, or is not valid percent-encoded UTF-8. What is left can only
 * name something below the folder; {@link org.distillnas.view.RunsRoot} then checks where links lead.
 */
public final class RequestPath {
    private RequestPath() {}

    /** The names of {@code rawPath} (e.g. {@code a/b%20c.png}, without a leading slash), or empty when refused. */
    public static Optional<List<String>> segments(String rawPath) {
        if (rawPath == null) {
            return Optional.empty();
        }
        List<String> names = new ArrayList<>();
        for (String piece : rawPath.split("/", -1)) {
            Optional<String> name = decode(piece, false);
            if (name.isEmpty()) {
                return Optional.empty();
            }
            names.add(name.get());
        }
        return plainNames(names);
    }

    /**
     * The names of a run id given as a query parameter's still-encoded value: decoded once as a
     * whole (the id's own slashes arrive encoded there), then split at its slashes.
     */
    public static Optional<List<String>> queryValue(String rawValue) {
        return decode(rawValue, true).flatMap(id -> plainNames(List.of(id.split("/", -1))));
    }

    private static Optional<List<String>> plainNames(List<String> names) {
        return !names.isEmpty() && names.stream().allMatch(RequestPath::plainName) ? Optional.of(List.copyOf(names))
                : Optional.empty();
    }

    private static boolean plainName(String name) {
        if (name.isEmpty() || name.equals(".") || name.equals("..")) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c == '/' || c == '\\' || c < 0x20 || c == 0x7f) {
                return false;
            }
        }
        return true;
    }

    /**
     * Percent-decodes {@code text} once, as strict UTF-8; empty when malformed.
     *
     * @param plusIsSpace whether {@code +} means a space (query strings from forms and URLSearchParams)
     */
    static Optional<String> decode(String text, boolean plusIsSpace) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '%') {
                if (i + 2 >= text.length()) {
                    return Optional.empty();
                }
                int hi = Character.digit(text.charAt(i + 1), 16);
                int lo = Character.digit(text.charAt(i + 2), 16);
                if (hi < 0 || lo < 0) {
                    return Optional.empty();
                }
                bytes.write(hi * 16 + lo);
                i += 2;
            } else if (c == '+' && plusIsSpace) {
                bytes.write(' ');
            } else if (c < 0x80) {
                bytes.write(c);
            } else {
                byte[] utf8 = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
                if (Character.isHighSurrogate(c) && i + 1 < text.length()) {
                    utf8 = text.substring(i, i + 2).getBytes(StandardCharsets.UTF_8);
                    i++;
                }
                bytes.writeBytes(utf8);
            }
        }
        try {
            return Optional.of(StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes.toByteArray())).toString());
        } catch (CharacterCodingException e) {
            return Optional.empty();
        }
    }

    /** {@code names} as a path of encoded segments ({@code a/b%20c}): the inverse of {@link #segments}. */
    public static String encode(List<String> names) {
        StringBuilder sb = new StringBuilder();
        for (String name : names) {
            if (sb.length() > 0) {
                sb.append('/');
            }
            for (byte b : name.getBytes(StandardCharsets.UTF_8)) {
                char c = (char) (b & 0xff);
                if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || "-._~".indexOf(c) >= 0) {
                    sb.append(c);
                } else {
                    sb.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                            .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
                }
            }
        }
        return sb.toString();
    }
}

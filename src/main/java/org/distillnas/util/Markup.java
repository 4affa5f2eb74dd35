package org.distillnas.util;

/** Text put into HTML or SVG (XML) that cannot be read as markup. */
public final class Markup {
    private Markup() {}

    /**
     * {@code text} escaped for element content and quoted attribute values of HTML and XML alike;
     * control characters that XML 1.0 forbids even escaped are dropped.
     */
    public static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&apos;");
                default -> {
                    if (c >= 0x20 || c == '\t' || c == '\n' || c == '\r') {
                        out.append(c);
                    }
                }
            }
        }
        return out.toString();
    }
}

package dev.plumb.model;

/**
 * Text made safe to show on a terminal. Values plumb prints come from inventories, playbooks,
 * hosts and databases; a control character in one could move the cursor, recolour, retitle or
 * overwrite what the operator reads (a plan line that is not there, an error that vanishes).
 * Every control character (C0, DEL, C1), the bidirectional embeddings, overrides and isolates,
 * and the Unicode line and paragraph separators are shown as escapes instead: {@code \n},
 * {@code \t}, {@code \r}, else {@code \}{@code uXXXX} (ESC is {@code \}{@code u001b}), as Java
 * and JSON write them. Other characters, backslashes included, are left as they are.
 *
 * <p>The renderers and the command line print through here: {@link #line} for a value that
 * is one line of output (a name, an address, an attribute), {@link #block} for text whose
 * lines are meant (a diff, an error with detail). The command line's writers apply
 * {@link #block} to everything they print.
 */
public final class Printable {
    private Printable() {}

    /** A one-line value: every such character escaped, newline and tab included. */
    public static String line(String s) {
        return escape(s, false);
    }

    /** A block of text: newlines and tabs kept, every other such character escaped. */
    public static String block(String s) {
        return escape(s, true);
    }

    /** Whether {@link #block} escapes {@code c}. */
    public static boolean escapedInBlock(char c) {
        return c != '\n' && c != '\t' && special(c);
    }

    /** Appends {@code c} as {@link #block} shows it. */
    public static void appendBlock(char c, StringBuilder out) {
        if (escapedInBlock(c)) {
            appendEscape(c, out);
        } else {
            out.append(c);
        }
    }

    private static String escape(String s, boolean block) {
        int i = 0;
        while (i < s.length() && !needs(s.charAt(i), block)) {
            i++;
        }
        if (i == s.length()) {
            return s;
        }
        StringBuilder out = new StringBuilder(s.length() + 16).append(s, 0, i);
        for (; i < s.length(); i++) {
            char c = s.charAt(i);
            if (needs(c, block)) {
                appendEscape(c, out);
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    private static boolean needs(char c, boolean block) {
        return block ? escapedInBlock(c) : special(c);
    }

    private static boolean special(char c) {
        return c < 0x20 || (c >= 0x7f && c <= 0x9f)
                || (c >= '\u202a' && c <= '\u202e') || (c >= '\u2066' && c <= '\u2069')
                || c == '\u2028' || c == '\u2029';
    }

    private static void appendEscape(char c, StringBuilder out) {
        switch (c) {
            case '\n' -> out.append("\\n");
            case '\t' -> out.append("\\t");
            case '\r' -> out.append("\\r");
            default -> out.append(String.format("\\u%04x", (int) c));
        }
    }
}

package dev.plumb.check;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * What one check's fragment printed on its host: lines {@code KEY VALUE}, where a value that may
 * hold anything was sent base64-encoded (read with {@link #text}). Bounded: the fragments cut
 * every free text they print.
 */
record Facts(List<String[]> lines) {
    static Facts of(List<String> raw) {
        List<String[]> out = new ArrayList<>();
        for (String l : raw) {
            int sp = l.indexOf(' ');
            out.add(sp < 0 ? new String[] {l, ""} : new String[] {l.substring(0, sp), l.substring(sp + 1)});
        }
        return new Facts(out);
    }

    Optional<String> get(String key) {
        return lines.stream().filter(l -> l[0].equals(key)).map(l -> l[1]).findFirst();
    }

    String get(String key, String fallback) {
        return get(key).orElse(fallback);
    }

    List<String> all(String key) {
        return lines.stream().filter(l -> l[0].equals(key)).map(l -> l[1]).toList();
    }

    /** A base64 value, decoded; empty text when absent or unreadable. */
    String text(String key) {
        return get(key).map(Facts::decode).orElse("");
    }

    long number(String key, long fallback) {
        try {
            return Long.parseLong(get(key, "").strip().replaceFirst("^@", ""));
        } catch (NumberFormatException e) {
            return fallback;
        }
    }

    static String decode(String b64) {
        try {
            return new String(Base64.getMimeDecoder().decode(b64.strip()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return "";
        }
    }
}

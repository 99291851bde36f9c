package dev.plumb.resource.file;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import dev.plumb.model.Text;

/**
 * Recognises a file's text as the rendering of an {@code env:} mapping: only when
 * {@link FileContent.Env#body()} of the mapping read back gives the very same text, byte for byte,
 * so a file imported as {@code env:} plans empty. Anything else (comments, {@code export}, other
 * quoting, duplicate keys, a missing final newline) is not an env file here, and is imported as
 * {@code content:}.
 */
public final class EnvText {
    private EnvText() {}

    /** The entries of {@code text}, in order, when it is exactly what {@code env:} would write. */
    public static Optional<Map<String, String>> parse(String text) {
        if (text.isEmpty() || !text.endsWith("\n")) {
            return Optional.empty();
        }
        Map<String, String> vars = new LinkedHashMap<>();
        for (String line : text.substring(0, text.length() - 1).split("\n", -1)) {
            int eq = line.indexOf('=');
            if (eq <= 0) {
                return Optional.empty();
            }
            String key = line.substring(0, eq);
            String raw = line.substring(eq + 1);
            Optional<String> value = raw.length() >= 2 && raw.startsWith("\"") && raw.endsWith("\"")
                    ? unescape(raw.substring(1, raw.length() - 1)) : Optional.of(raw);
            if (value.isEmpty() || vars.containsKey(key) || FileContent.Env.checkKey(key).isPresent()
                    || FileContent.Env.checkValue(value.get()).isPresent()) {
                return Optional.empty();
            }
            vars.put(key, value.get());
        }
        Map<String, Text> texts = new LinkedHashMap<>();
        vars.forEach((k, v) -> texts.put(k, Text.plain(v)));
        return new FileContent.Env(texts).body().reveal().equals(text) ? Optional.of(vars) : Optional.empty();
    }

    /** {@code \X} is X; a lone backslash at the end is not a rendering. The caller checks the rest. */
    private static Optional<String> unescape(String quoted) {
        StringBuilder out = new StringBuilder(quoted.length());
        for (int i = 0; i < quoted.length(); i++) {
            char c = quoted.charAt(i);
            if (c == '\\') {
                if (++i == quoted.length()) {
                    return Optional.empty();
                }
                c = quoted.charAt(i);
            }
            out.append(c);
        }
        return Optional.of(out.toString());
    }
}

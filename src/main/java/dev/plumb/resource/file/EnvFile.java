package dev.plumb.resource.file;

import java.util.Map;
import java.util.regex.Pattern;

/**
 * Renders a map as an environment file that systemd's {@code EnvironmentFile=} and a POSIX
 * {@code sh} ({@code set -a; . FILE}) both read back to exactly the declared values.
 *
 * <p>Every value is double-quoted. Inside double quotes both readers treat a backslash as an
 * escape only before {@code " \ ` $} and newline, and keep every other character, including
 * {@code #}, {@code =}, single quotes, spaces, newlines and non-ASCII text, as it is. Escaping
 * exactly those four characters therefore gives one file with one meaning for both.
 */
public final class EnvFile {
    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    private EnvFile() {}

    /** True when {@code name} is a variable name both systemd and sh accept. */
    public static boolean isValidName(String name) {
        return NAME.matcher(name).matches();
    }

    /** One {@code NAME="value"} line per entry, in map order, each ending in a newline. */
    public static String render(Map<String, String> env) {
        StringBuilder out = new StringBuilder();
        env.forEach((name, value) -> {
            if (!isValidName(name)) {
                throw new IllegalArgumentException("not a valid environment variable name: " + name);
            }
            out.append(name).append("=\"").append(escape(value)).append("\"\n");
        });
        return out.toString();
    }

    static String escape(String value) {
        StringBuilder b = new StringBuilder(value.length() + 8);
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '"' || c == '\\' || c == '`' || c == '$') {
                b.append('\\');
            }
            b.append(c);
        }
        return b.toString();
    }
}

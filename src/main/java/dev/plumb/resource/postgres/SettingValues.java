package dev.plumb.resource.postgres;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Compares setting values the way PostgreSQL reads them, so that an equal value written
 * differently is not a change: {@code 1GB} equals {@code 1024MB} and {@code 131072} for a
 * setting in 8kB pages, {@code 60s} equals {@code 1min}, {@code on} equals {@code true}, enum
 * values ignore case, and list settings ignore spacing and quoting.
 *
 * <p>Units follow PostgreSQL: memory in B, kB, MB, GB, TB (powers of 1024), time in us, ms, s,
 * min, h, d; a number without a unit is in the setting's own unit ({@code pg_settings.unit},
 * which may carry a multiplier such as {@code 8kB}). Integer settings round to their unit as the
 * server does. Time-zone names ignore case.
 */
public final class SettingValues {
    /** Settings whose list elements PostgreSQL quotes as identifiers ({@code GUC_LIST_QUOTE}). */
    public static final Set<String> QUOTED_LISTS = Set.of("search_path", "temp_tablespaces",
            "shared_preload_libraries", "session_preload_libraries", "local_preload_libraries",
            "unix_socket_directories");

    /** Settings that name a time zone, which PostgreSQL looks up case-insensitively. */
    static final Set<String> TIME_ZONES = Set.of("timezone", "log_timezone");

    enum Kind {
        MEMORY("B, kB, MB, GB, TB"), TIME("us, ms, s, min, h, d");

        /** The unit names PostgreSQL accepts for the kind (case matters), as its hint lists them. */
        final String names;

        Kind(String names) {
            this.names = names;
        }
    }

    record Unit(Kind kind, double base) {}

    static final Pattern NUMBER = Pattern.compile(
            "\\s*([+-]?(?:0[xX][0-9a-fA-F]+|\\d+\\.?\\d*(?:[eE][+-]?\\d+)?|\\.\\d+(?:[eE][+-]?\\d+)?))\\s*([A-Za-z]*)\\s*");

    private SettingValues() {
    }

    /**
     * Whether {@code a} and {@code b} are the same value of a setting with PostgreSQL type
     * {@code vartype} (bool, integer, real, enum, string) and {@code unit} (empty: no unit).
     */
    public static boolean same(String name, String a, String b, String vartype, Optional<String> unit) {
        if (a.equals(b)) {
            return true;
        }
        switch (vartype) {
            case "bool" -> {
                Optional<Boolean> x = bool(a);
                return x.isPresent() && x.equals(bool(b));
            }
            case "integer", "real" -> {
                Optional<Unit> u = unit.flatMap(SettingValues::unit);
                double scale = u.map(Unit::base).orElse(1.0);
                Optional<Kind> kind = u.map(Unit::kind);
                Optional<Double> x = number(a, kind, scale);
                Optional<Double> y = number(b, kind, scale);
                if (x.isEmpty() || y.isEmpty()) {
                    return false;
                }
                if (vartype.equals("integer")) {
                    return Math.rint(x.get() / scale) == Math.rint(y.get() / scale);
                }
                double d = Math.abs(x.get() - y.get());
                return d <= 1e-9 * Math.max(Math.abs(x.get()), Math.abs(y.get()));
            }
            case "enum" -> {
                return a.strip().equalsIgnoreCase(b.strip());
            }
            default -> {
                if (QUOTED_LISTS.contains(name.toLowerCase(Locale.ROOT))) {
                    return list(a).equals(list(b));
                }
                // The server finds a time zone by name whatever its case, and shows its own spelling.
                return TIME_ZONES.contains(name.toLowerCase(Locale.ROOT)) && a.strip().equalsIgnoreCase(b.strip());
            }
        }
    }

    /**
     * The value part of {@code SET name TO ...} or {@code ALTER SYSTEM SET name = ...}: one
     * literal, or for a {@link #QUOTED_LISTS} setting one literal per element (a single literal
     * {@code 'a, b'} would name one element called "a, b").
     */
    public static String sql(String name, String value) {
        if (QUOTED_LISTS.contains(name.toLowerCase(Locale.ROOT))) {
            List<String> items = list(value);
            if (!items.isEmpty()) {
                return items.stream().map(Sql::literal).collect(Collectors.joining(", "));
            }
        }
        return Sql.literal(value);
    }

    /** PostgreSQL's boolean spellings: unique prefixes of true/false/yes/no, on/off, 1/0. */
    static Optional<Boolean> bool(String text) {
        String s = text.strip().toLowerCase(Locale.ROOT);
        if (s.isEmpty()) {
            return Optional.empty();
        }
        if ("true".startsWith(s) || "yes".startsWith(s) || s.equals("on") || s.equals("1")) {
            return Optional.of(true);
        }
        if ("false".startsWith(s) || "no".startsWith(s) || s.equals("off") || s.equals("of") || s.equals("0")) {
            return Optional.of(false);
        }
        return Optional.empty();
    }

    /** The value in base units (bytes or microseconds), or as it is without a unit. */
    static Optional<Double> number(String text, Optional<Kind> kind, double scale) {
        Matcher m = NUMBER.matcher(text);
        if (!m.matches()) {
            return Optional.empty();
        }
        Optional<Double> value = parseNumber(m.group(1));
        if (value.isEmpty() || m.group(2).isEmpty()) {
            return value.map(v -> v * scale);
        }
        Optional<Unit> u = unit(m.group(2));
        if (u.isEmpty() || kind.isEmpty() || u.get().kind() != kind.get()) {
            return Optional.empty();
        }
        return Optional.of(value.get() * u.get().base());
    }

    static Optional<Double> parseNumber(String num) {
        try {
            boolean negative = num.startsWith("-");
            String abs = num.startsWith("-") || num.startsWith("+") ? num.substring(1) : num;
            double v;
            if (abs.startsWith("0x") || abs.startsWith("0X")) {
                v = Long.parseLong(abs.substring(2), 16);
            } else if (abs.length() > 1 && abs.startsWith("0") && abs.chars().allMatch(Character::isDigit)) {
                v = Long.parseLong(abs, 8); // strtol with base 0, as PostgreSQL parses integers
            } else {
                v = Double.parseDouble(abs);
            }
            return Optional.of(negative ? -v : v);
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** "kB", "8kB", "ms", "min"... with an optional leading multiplier. */
    static Optional<Unit> unit(String text) {
        String s = text.strip();
        int i = 0;
        while (i < s.length() && Character.isDigit(s.charAt(i))) {
            i++;
        }
        double multiplier = i == 0 ? 1 : Double.parseDouble(s.substring(0, i));
        String name = s.substring(i).strip();
        Optional<Unit> base = switch (name) {
            case "B" -> Optional.of(new Unit(Kind.MEMORY, 1));
            case "kB" -> Optional.of(new Unit(Kind.MEMORY, 1024));
            case "MB" -> Optional.of(new Unit(Kind.MEMORY, 1024.0 * 1024));
            case "GB" -> Optional.of(new Unit(Kind.MEMORY, 1024.0 * 1024 * 1024));
            case "TB" -> Optional.of(new Unit(Kind.MEMORY, 1024.0 * 1024 * 1024 * 1024));
            case "us" -> Optional.of(new Unit(Kind.TIME, 1));
            case "ms" -> Optional.of(new Unit(Kind.TIME, 1000));
            case "s" -> Optional.of(new Unit(Kind.TIME, 1000_000));
            case "min" -> Optional.of(new Unit(Kind.TIME, 60_000_000));
            case "h" -> Optional.of(new Unit(Kind.TIME, 3600_000_000.0));
            case "d" -> Optional.of(new Unit(Kind.TIME, 86_400_000_000.0));
            default -> Optional.empty();
        };
        return base.map(u -> new Unit(u.kind(), u.base() * multiplier));
    }

    /** Elements of a list value: split at commas outside double quotes, trimmed, unquoted. */
    static List<String> list(String value) {
        List<String> out = new ArrayList<>();
        int from = 0;
        boolean quoted = false;
        for (int i = 0; i <= value.length(); i++) {
            if (i == value.length() || value.charAt(i) == ',' && !quoted) {
                String item = value.substring(from, i).strip();
                if (item.length() >= 2 && item.startsWith("\"") && item.endsWith("\"")) {
                    out.add(item.substring(1, item.length() - 1).replace("\"\"", "\""));
                } else if (!item.isEmpty()) {
                    out.add(item);
                }
                from = i + 1;
            } else if (value.charAt(i) == '"') {
                quoted = !quoted;
            }
        }
        return out;
    }
}

package dev.plumb.resource.postgres;

import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;

/**
 * Refuses at plan time a setting value the server would refuse at apply, judged by what
 * {@code pg_settings} says of the setting: a unit that is not one of PostgreSQL's (they are
 * case-sensitive: {@code 8M} and {@code 12mb} are refused), a unit on a setting without one, a
 * number out of {@code min_val}..{@code max_val}, a word that is not a boolean or not one of an
 * enum's values. Strings are not judged. Pure.
 */
final class SettingCheck {
    /**
     * Values PostgreSQL accepts for some enums without listing them in {@code enumvals}, besides
     * boolean spellings: wal_level's old names, and the message levels' aliases.
     */
    private static final Set<String> HIDDEN_ENUM_VALUES = Set.of("archive", "hot_standby", "debug", "info");

    /** Why a value is refused (not naming the setting), and how to fix it (naming it). */
    record Problem(String message, String hint) {}

    private SettingCheck() {
    }

    /** What is wrong with {@code value} for the setting {@code meta} describes; empty when nothing. */
    static Optional<Problem> check(String value, ServerState.Setting meta) {
        String name = meta.name();
        return switch (meta.vartype()) {
            case "bool" -> SettingValues.bool(value).isPresent() ? Optional.empty()
                    : Optional.of(new Problem(invalid(value) + ": not a boolean",
                            name + " takes on or off (also true/false, yes/no, 1/0)"));
            case "enum" -> enumProblem(name, value, meta.domain());
            case "integer", "real" -> numberProblem(name, value, meta);
            default -> Optional.empty();
        };
    }

    private static Optional<Problem> enumProblem(String name, String value, ServerState.Domain domain) {
        String v = value.strip();
        if (domain.enumvals().isEmpty() || domain.enumvals().stream().anyMatch(v::equalsIgnoreCase)
                || SettingValues.bool(v).isPresent() || HIDDEN_ENUM_VALUES.contains(v.toLowerCase(Locale.ROOT))) {
            return Optional.empty();
        }
        return Optional.of(new Problem(invalid(value) + ": not one of its values",
                name + " takes one of: " + String.join(", ", domain.enumvals())));
    }

    private static Optional<Problem> numberProblem(String name, String value, ServerState.Setting meta) {
        Optional<SettingValues.Unit> own = meta.unit().flatMap(SettingValues::unit);
        Matcher m = SettingValues.NUMBER.matcher(value);
        Optional<Double> number = m.matches() ? SettingValues.parseNumber(m.group(1)) : Optional.empty();
        if (number.isEmpty()) {
            return Optional.of(new Problem(invalid(value) + ": not a number", own
                    .map(u -> unitsHint(name, meta, u.kind()))
                    .orElse(name + " takes a " + (meta.vartype().equals("integer") ? "whole " : "") + "number")));
        }
        String unitText = m.group(2);
        double inOwnUnit = number.get();
        if (!unitText.isEmpty()) {
            if (own.isEmpty()) {
                return Optional.of(new Problem(invalid(value) + ": " + name + " takes no unit",
                        "give a plain number"));
            }
            Optional<SettingValues.Unit> given = SettingValues.unit(unitText);
            if (given.isEmpty() || given.get().kind() != own.get().kind()) {
                return Optional.of(new Problem(invalid(value) + ": \"" + unitText + "\" is not a "
                        + (own.get().kind() == SettingValues.Kind.MEMORY ? "memory" : "time")
                        + " unit PostgreSQL knows", unitsHint(name, meta, own.get().kind())));
            }
            inOwnUnit = number.get() * given.get().base() / own.get().base();
        }
        double v = meta.vartype().equals("integer") ? Math.rint(inOwnUnit) : inOwnUnit;
        ServerState.Domain d = meta.domain();
        if (d.min().filter(min -> v < min).isPresent() || d.max().filter(max -> v > max).isPresent()) {
            String unit = meta.unit().map(u -> " " + u).orElse("");
            return Optional.of(new Problem(invalid(value) + ": out of range",
                    name + " takes " + d.min().map(SettingCheck::plain).orElse("any") + unit + " to "
                            + d.max().map(SettingCheck::plain).orElse("any") + unit));
        }
        return Optional.empty();
    }

    private static String unitsHint(String name, ServerState.Setting meta, SettingValues.Kind kind) {
        return "valid units for " + name + " (counted in " + meta.unit().orElseThrow() + ") are "
                + kind.names + "; case matters; a plain number is in " + meta.unit().orElseThrow();
    }

    /** The start of a problem's message; the caller names the setting. */
    private static String invalid(String value) {
        return "invalid value \"" + value + "\"";
    }

    private static String plain(double d) {
        return d == Math.rint(d) && Math.abs(d) < 1e15 ? String.valueOf((long) d) : String.valueOf(d);
    }
}

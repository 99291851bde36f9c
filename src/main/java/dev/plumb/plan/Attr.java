package dev.plumb.plan;

import java.util.Optional;

/** One attribute of a change, as display text (already redacted); empty means "not set". */
public record Attr(String name, Optional<String> before, Optional<String> after) {
    public static Attr of(String name, String before, String after) {
        return new Attr(name, Optional.ofNullable(before), Optional.ofNullable(after));
    }

    public static Attr set(String name, String after) {
        return new Attr(name, Optional.empty(), Optional.of(after));
    }
}

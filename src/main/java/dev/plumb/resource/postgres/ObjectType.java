package dev.plumb.resource.postgres;

import java.util.Locale;
import java.util.Set;

/** Objects inside a schema that grants and default privileges apply to. */
public enum ObjectType {
    TABLES(Set.of("SELECT", "INSERT", "UPDATE", "DELETE", "TRUNCATE", "REFERENCES", "TRIGGER")),
    SEQUENCES(Set.of("USAGE", "SELECT", "UPDATE")),
    FUNCTIONS(Set.of("EXECUTE"));

    private final Set<String> privileges;

    ObjectType(Set<String> privileges) {
        this.privileges = privileges;
    }

    /** The privileges PostgreSQL grants on this type, besides ALL. */
    public Set<String> privileges() {
        return privileges;
    }

    /** The YAML key: {@code tables}, {@code sequences}, {@code functions}. */
    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }
}

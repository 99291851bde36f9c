package dev.plumb.resource.postgres;

import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The objects grants and default privileges apply to: tables, sequences and functions inside a
 * schema (grants {@code on:} and default privileges), types and schemas (default privileges only).
 */
public enum ObjectType {
    TABLES(Set.of("SELECT", "INSERT", "UPDATE", "DELETE", "TRUNCATE", "REFERENCES", "TRIGGER", "MAINTAIN"), "r"),
    SEQUENCES(Set.of("USAGE", "SELECT", "UPDATE"), "S"),
    FUNCTIONS(Set.of("EXECUTE"), "f"),
    TYPES(Set.of("USAGE"), "T"),
    SCHEMAS(Set.of("USAGE", "CREATE"), "n");

    private final Set<String> privileges;
    private final String defaclType;

    ObjectType(Set<String> privileges, String defaclType) {
        this.privileges = privileges;
        this.defaclType = defaclType;
    }

    /** The privileges PostgreSQL grants on this type, besides ALL; MAINTAIN only from 17 on ({@link Privileges#all}). */
    public Set<String> privileges() {
        return privileges;
    }

    /** The YAML key: {@code tables}, {@code sequences}, {@code functions}, {@code types}, {@code schemas}. */
    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** {@code pg_default_acl.defaclobjtype}, also {@code acldefault}'s first argument for defaults. */
    public String defaclType() {
        return defaclType;
    }

    /** The type of a {@code pg_default_acl.defaclobjtype}; empty for one plumb does not know. */
    public static Optional<ObjectType> ofDefaclType(String code) {
        for (ObjectType t : values()) {
            if (t.defaclType.equals(code)) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }
}

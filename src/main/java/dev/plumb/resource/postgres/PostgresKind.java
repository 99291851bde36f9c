package dev.plumb.resource.postgres;

/**
 * The kinds of object in a {@code postgres:} block, with their YAML key and address kind.
 * {@link #exclusive()} kinds accept {@code {exclusive: true, items: [...]}}: objects of that
 * kind on the server that the playbook does not declare are to be removed.
 */
public enum PostgresKind {
    ROLE("roles", "role", true),
    DATABASE("databases", "database", true),
    SCHEMA("schemas", "schema", true),
    GRANT("grants", "grant", true),
    HBA("hba", "hba", true),
    SETTING("settings", "setting", false),
    MIGRATIONS("migrations", "migrations", false);

    private final String key;
    private final String noun;
    private final boolean exclusive;

    PostgresKind(String key, String noun, boolean exclusive) {
        this.key = key;
        this.noun = noun;
        this.exclusive = exclusive;
    }

    /** The key in the {@code postgres:} block, e.g. {@code roles}. */
    public String key() {
        return key;
    }

    /** The singular word used in messages, e.g. {@code role}. */
    public String noun() {
        return noun;
    }

    /** The kind part of a resource address, e.g. {@code postgres/role}. */
    public String addressKind() {
        return "postgres/" + noun;
    }

    public boolean exclusive() {
        return exclusive;
    }
}

package dev.plumb.resource.postgres.migrations;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What Flyway's {@code info} does not say but {@code migrate} decides on: whether the history
 * table exists, and which managed schemas already hold objects (then, without a history table,
 * migrate baselines or refuses).
 *
 * @param historySchema the schema of the history table: the first of {@code schemas}, else the
 *                      connection's current schema; empty if there is none
 */
record SchemaFacts(Optional<String> historySchema, boolean historyExists, List<String> nonEmptySchemas) {

    SchemaFacts {
        Objects.requireNonNull(historySchema, "historySchema");
        nonEmptySchemas = List.copyOf(nonEmptySchemas);
    }

    /** Per managed schema: whether it holds the history table, and whether it holds objects as Flyway counts them. */
    private static final String QUERY = """
            SELECT t.name,
                   EXISTS (SELECT 1 FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
                           WHERE n.nspname = t.name AND c.relname = ? AND c.relkind IN ('r', 'p')),
                   EXISTS (SELECT 1 FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
                           LEFT JOIN pg_catalog.pg_depend d ON d.objid = c.oid AND d.deptype = 'e'
                           WHERE n.nspname = t.name AND d.objid IS NULL AND c.relkind IN ('r', 'v', 'S', 't')
                           UNION ALL
                           SELECT 1 FROM pg_catalog.pg_type y JOIN pg_catalog.pg_namespace n ON n.oid = y.typnamespace
                           LEFT JOIN pg_catalog.pg_depend d ON d.objid = y.oid AND d.deptype = 'e'
                           WHERE n.nspname = t.name AND d.objid IS NULL AND y.typcategory NOT IN ('A', 'C')
                           UNION ALL
                           SELECT 1 FROM pg_catalog.pg_proc p JOIN pg_catalog.pg_namespace n ON n.oid = p.pronamespace
                           LEFT JOIN pg_catalog.pg_depend d ON d.objid = p.oid AND d.deptype = 'e'
                           WHERE n.nspname = t.name AND d.objid IS NULL)
            FROM unnest(CASE WHEN cardinality(?::text[]) = 0 THEN ARRAY[current_schema()::text] ELSE ?::text[] END)
                 WITH ORDINALITY AS t(name, ord)
            ORDER BY t.ord
            """;

    /** One query on {@code connection}: {@code schemas} empty means the connection's current schema. */
    static SchemaFacts read(Connection connection, List<String> schemas, String table) throws SQLException {
        Optional<String> historySchema = Optional.empty();
        boolean historyExists = false;
        List<String> nonEmpty = new ArrayList<>();
        Array names = connection.createArrayOf("text", schemas.toArray());
        try (PreparedStatement st = connection.prepareStatement(QUERY)) {
            st.setString(1, table);
            st.setArray(2, names);
            st.setArray(3, names);
            try (ResultSet rs = st.executeQuery()) {
                boolean first = true;
                while (rs.next()) {
                    String name = rs.getString(1);
                    if (first && name != null) {
                        historySchema = Optional.of(name);
                        historyExists = rs.getBoolean(2);
                    }
                    if (name != null && rs.getBoolean(3)) {
                        nonEmpty.add(name);
                    }
                    first = false;
                }
            }
        } finally {
            names.free();
        }
        return new SchemaFacts(historySchema, historyExists, nonEmpty);
    }

    /** A history table exists: Flyway has managed this database before. */
    static SchemaFacts managed(String schema) {
        return new SchemaFacts(Optional.of(schema), true, List.of(schema));
    }

    /** No history table, and every managed schema is empty. */
    static SchemaFacts fresh(String schema) {
        return new SchemaFacts(Optional.of(schema), false, List.of());
    }
}

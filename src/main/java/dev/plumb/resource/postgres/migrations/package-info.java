/**
 * Flyway migrations of one database ({@code migrations:} in a {@code postgres:} block): read the
 * schema history against the folder of SQL files ({@link dev.plumb.resource.postgres.migrations.Migrations#read}),
 * plan the pending migrations and report drift without I/O, and apply them with Flyway's
 * {@code migrate}. Never repairs, cleans or undoes. The only package that imports Flyway; it
 * reaches PostgreSQL through {@code java.sql} only, at a {@link dev.plumb.resource.postgres.migrations.JdbcTarget}
 * the caller opened (an SSH forward or a direct address).
 */
package dev.plumb.resource.postgres.migrations;

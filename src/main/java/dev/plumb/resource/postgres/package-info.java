/**
 * Desired state of a PostgreSQL server: the admin connection ({@code PostgresServer}) and the
 * sealed family of {@code PostgresResource}s: roles, databases, schemas, grants (on a sealed
 * {@code GrantTarget}), pg_hba rules, server settings and Flyway migrations, with the naming
 * and privilege rules PostgreSQL imposes. Names are data: quoting happens where SQL is written.
 * Pure data, no I/O.
 */
package dev.plumb.resource.postgres;

/**
 * Desired state of a PostgreSQL server: the admin connection ({@code PostgresServer}) and the
 * sealed family of {@code PostgresResource}s: roles, databases, schemas, grants (on a sealed
 * {@code GrantTarget}), pg_hba rules, server settings and Flyway migrations, with the naming
 * and privilege rules PostgreSQL imposes. Names are data: quoting happens where SQL is written
 * ({@code Sql}). Also the live side and the diff: {@code PgFacts} (what a server holds),
 * {@code PgPlanner} (desired + facts → changes and ordered {@code PgStep}s, as {@code PgWork}),
 * and the pure helpers it uses: SCRAM-SHA-256 verifiers ({@code Scram}),
 * setting units ({@code SettingValues}), ALL per server version ({@code Privileges}), the
 * managed pg_hba.conf block ({@code HbaFile}) and the local-socket scripts ({@code Bootstrap}).
 * No I/O: {@code transport.jdbc} reads facts and carries out steps.
 */
package dev.plumb.resource.postgres;

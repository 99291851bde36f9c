/**
 * Desired state of a PostgreSQL server: the admin connection ({@code PostgresServer}) and the
 * sealed family of {@code PostgresResource}s: roles, databases, schemas, grants (on a sealed
 * {@code GrantTarget}), pg_hba rules, server settings and Flyway migrations, with the naming
 * and privilege rules PostgreSQL imposes. Names are data: quoting happens where SQL is written
 * ({@code Sql}). Also the live side and the diff: {@code PgFacts} (what a server holds) and
 * {@code PgPlanner}, the facade that turns desired + facts into changes and ordered
 * {@code PgStep}s ({@code PgWork}) by running one planner per kind ({@code RolePlanner},
 * {@code DatabasePlanner}, {@code SchemaPlanner}, {@code GrantPlanner} with
 * {@code GrantObjects}, {@code HbaPlanner}, {@code SettingPlanner}) over one {@code PlanState},
 * the server after the plan and the phase-ordered plan being built; and the pure helpers they
 * use: ACL maps ({@code Acls}), SCRAM-SHA-256 verifiers ({@code Scram}, {@code SaslPrep}),
 * setting units ({@code SettingValues}), ALL per server version ({@code Privileges}), the
 * managed pg_hba.conf block ({@code HbaFile}) and the local-socket scripts ({@code Bootstrap}).
 * No I/O: {@code transport.jdbc} reads facts and carries out steps.
 */
package dev.plumb.resource.postgres;

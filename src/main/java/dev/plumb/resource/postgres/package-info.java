/**
 * The {@code postgres:} kind ({@code PgKind}): desired state of a PostgreSQL server, the
 * admin connection ({@code PostgresServer}, carried as a {@code ServerSpec}) and the sealed
 * family of {@code PostgresResource}s: roles, databases, schemas, grants (on a sealed
 * {@code GrantTarget}), pg_hba rules, server settings and Flyway migrations, with the naming
 * and privilege rules PostgreSQL imposes. Names are data: quoting happens where SQL is written
 * ({@code Sql}). The probe is the catalog SQL ({@code CatalogProbe}, read by
 * {@code CatalogReader}: one query per server, one per database, or psql over the local socket
 * before the admin can log in) and its live-state value is {@code ServerState}. The diff is
 * {@code PgPlanner}, a facade that runs one planner per object kind ({@code RolePlanner},
 * {@code DatabasePlanner}, {@code SchemaPlanner}, {@code GrantPlanner} with
 * {@code GrantObjects}, {@code HbaPlanner}, {@code SettingPlanner}) over one
 * {@code PlanState}, the server after the plan, giving changes and ordered {@code PgStep}s
 * ({@code PgWork}). {@code PgApplier} carries the steps out over the transport; the root scripts
 * for pg_hba.conf and restarts are {@code HostScripts}. {@code PgHost} ties a server's read,
 * plan and apply together; {@code PostgresPart} adds the migrations. Pure helpers: ACL maps
 * ({@code Acls}), SCRAM-SHA-256 verifiers ({@code Scram}, over com.ongres.scram), setting units
 * ({@code SettingValues}), ALL per server version ({@code Privileges}), the managed pg_hba.conf
 * block ({@code HbaFile}), which pg_hba.conf record decides a connection ({@code HbaAccess}: the
 * hba planner refuses a file that would keep the admin out) and the local-socket scripts
 * ({@code Bootstrap}).
 */
package dev.plumb.resource.postgres;

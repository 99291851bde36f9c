package dev.plumb.check;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

import dev.plumb.resource.postgres.HbaRule;
import dev.plumb.resource.postgres.MigrationSpec;
import dev.plumb.resource.postgres.PostgresServer;
import dev.plumb.resource.postgres.RoleSpec;

/**
 * What the playbook declares for a PostgreSQL host (inventory name {@code host}): its admin
 * connection, roles, hba rules and migrations. Diagnoses read that server as {@code postgres}
 * over its local socket; migration status is read as the migrations' user.
 */
public record ServerSide(String host, Optional<PostgresServer> admin, List<RoleSpec> roles, List<HbaRule> hba,
                         List<MigrationSpec> migrations) {
    public ServerSide {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(admin, "admin");
        roles = List.copyOf(roles);
        hba = List.copyOf(hba);
        migrations = List.copyOf(migrations);
    }

    public Optional<RoleSpec> role(String name) {
        return roles.stream().filter(r -> r.name().equals(name)).findFirst();
    }
}

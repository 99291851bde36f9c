package dev.plumb.resource.postgres.migrations;

import java.util.Collection;
import java.util.Objects;
import java.util.Optional;

import dev.plumb.model.Presence;
import dev.plumb.model.Sensitive;
import dev.plumb.resource.postgres.MigrationSpec;
import dev.plumb.resource.postgres.PostgresServer;
import dev.plumb.resource.postgres.RoleSpec;
import dev.plumb.transport.jdbc.PgSecurity;

/** The role migrations connect as, and its password. */
public record Login(String user, Sensitive<String> password) {

    public Login {
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(password, "password");
    }

    /**
     * Whom {@code spec} runs as: its {@code user} with the password of the role of that name the
     * playbook declares on the same host, or the admin when {@code user} is absent or is the admin.
     * Pure; an error message says which declaration is missing.
     */
    public static Login of(MigrationSpec spec, PostgresServer server, Collection<RoleSpec> roles)
            throws MigrationException {
        String user = spec.user().orElse(server.adminUser());
        if (user.equals(server.adminUser())) {
            return new Login(user, server.adminPassword());
        }
        Optional<RoleSpec> role = roles.stream()
                .filter(r -> r.host().equals(spec.host()) && r.name().equals(user))
                .findFirst();
        String what = "migrations of " + spec.database() + " run as " + user;
        if (role.isEmpty()) {
            throw new MigrationException(what + ", which this playbook does not declare; declare the role with"
                    + " login: true and a password, or leave out user: to run them as " + server.adminUser());
        }
        if (role.get().state() == Presence.ABSENT) {
            throw new MigrationException(what + ", which this playbook declares absent");
        }
        if (!role.get().login().orElse(false)) {
            throw new MigrationException(what + ", which cannot log in; declare it with login: true");
        }
        return new Login(user, role.get().password().orElseThrow(() -> new MigrationException(what
                + ", whose password this playbook does not declare; plumb connects as " + user
                + " so that it owns what the migrations create: give the role a password")));
    }

    /** This login at an endpoint, guarded by {@code security}. */
    public JdbcTarget at(String host, int port, PgSecurity security) {
        return new JdbcTarget(host, port, user, password, security);
    }
}

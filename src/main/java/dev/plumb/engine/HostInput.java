package dev.plumb.engine;

import java.util.List;
import java.util.Optional;

import dev.plumb.resource.file.FileSpec;
import dev.plumb.resource.postgres.MigrationSpec;
import dev.plumb.resource.postgres.PostgresResource;
import dev.plumb.resource.postgres.PostgresServer;
import dev.plumb.resource.systemd.ServiceSpec;
import dev.plumb.transport.ssh.SshTarget;

/**
 * One host's desired state and how to reach it.
 *
 * @param server     the PostgreSQL server the host's postgres resources live on
 * @param postgres   its objects (roles, databases, schemas, grants, hba, settings)
 * @param migrations its Flyway migrations, which run after {@code postgres}
 */
public record HostInput(String host, SshTarget target, List<FileSpec> files, List<ServiceSpec> services,
                        Optional<PostgresServer> server, List<PostgresResource> postgres,
                        List<MigrationSpec> migrations) {
    public HostInput {
        files = List.copyOf(files);
        services = List.copyOf(services);
        postgres = List.copyOf(postgres);
        migrations = List.copyOf(migrations);
    }

    public boolean hasSystem() {
        return !files.isEmpty() || !services.isEmpty();
    }

    public boolean hasPostgres() {
        return server.isPresent() && (!postgres.isEmpty() || !migrations.isEmpty());
    }

    public boolean isEmpty() {
        return !hasSystem() && !hasPostgres();
    }
}

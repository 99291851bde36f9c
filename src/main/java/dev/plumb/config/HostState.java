package dev.plumb.config;

import dev.plumb.inventory.Host;
import dev.plumb.model.Diagnostic;
import dev.plumb.model.Location;
import dev.plumb.model.Resource;
import dev.plumb.model.ResourceAddress;
import dev.plumb.model.Suggest;
import dev.plumb.resource.postgres.PostgresKind;
import dev.plumb.resource.postgres.PostgresServer;
import dev.plumb.resource.postgres.ServerSpec;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Everything the plays declare for one host, gathered play by play; checks what spans plays:
 * duplicate addresses, references between resources, one postgres connection.
 */
final class HostState implements Sink {
    private record Reference(Location at, ResourceAddress target, String what) {
    }

    private final Host host;
    private final Problems problems;
    private final Map<Play, List<Resource>> plays = new LinkedHashMap<>();
    private final Map<ResourceAddress, Location> declared = new LinkedHashMap<>();
    private final List<Reference> references = new ArrayList<>();
    private final Set<PostgresKind> exclusive = EnumSet.noneOf(PostgresKind.class);
    private Optional<Location> postgresUse = Optional.empty();
    private Optional<Location> connectionAt = Optional.empty();
    private Optional<PostgresServer> connection = Optional.empty();
    private boolean adminDeclared;
    private Optional<Play> connectionPlay = Optional.empty();
    private Optional<Play> currentPlay = Optional.empty();
    private List<Resource> current = new ArrayList<>();

    HostState(Host host, Problems problems) {
        this.host = host;
        this.problems = problems;
    }

    void startPlay(Play play) {
        current = new ArrayList<>();
        currentPlay = Optional.of(play);
        plays.put(play, current);
    }

    /** The resources read so far for {@code play} (the live list, filled as the play is read). */
    List<Resource> resourcesOf(Play play) {
        return plays.getOrDefault(play, List.of());
    }

    @Override
    public String host() {
        return host.name();
    }

    @Override
    public void add(Location at, Resource resource) {
        ResourceAddress address = resource.address();
        Location first = declared.putIfAbsent(address, at);
        if (first != null) {
            error(at, "duplicate " + address.kind() + " '" + address.name() + "'", "first declared at " + first);
            return;
        }
        current.add(resource);
    }

    @Override
    public void requires(Location at, ResourceAddress target, String what) {
        references.add(new Reference(at, target, what));
    }

    @Override
    public void adminDeclared(Location at) {
        adminDeclared = true;
    }

    @Override
    public void connection(Location at, PostgresServer server) {
        if (connectionAt.isPresent()) {
            error(at, "postgres admin connection declared twice", "first declared at " + connectionAt.get());
            return;
        }
        connectionAt = Optional.of(at);
        connection = Optional.of(server);
        connectionPlay = currentPlay;
    }

    @Override
    public void usesPostgres(Location at) {
        postgresUse = postgresUse.or(() -> Optional.of(at));
    }

    @Override
    public void exclusive(PostgresKind kind) {
        exclusive.add(kind);
    }

    /** The host's desired state; problems that span plays are reported here. */
    HostDesired finish() {
        for (Reference r : references) {
            if (!declared.containsKey(r.target())) {
                List<String> sameKind = declared.keySet().stream().filter(a -> a.kind().equals(r.target().kind()))
                        .map(ResourceAddress::name).toList();
                error(r.at(), r.what() + " names " + r.target().kind() + " '" + r.target().name()
                        + "', which no play declares for this host", Suggest.didYouMean(r.target().name(), sameKind)
                        .orElse("declare it, or remove it from " + r.what()));
            }
        }
        if (postgresUse.isPresent() && connection.isEmpty() && !adminDeclared) {
            error(postgresUse.get(), "postgres resources but no admin connection for this host",
                    "add admin: {user: postgres, password: \"${secret.NAME}\"} to a postgres block for this host");
        }
        // The connection, with the exclusive kinds of every play, joins the play that declared it.
        Optional<ServerSpec> server = connection.map(c -> new ServerSpec(host.name(), c.withExclusive(exclusive)));
        Map<ResourceAddress, Location> locations = new LinkedHashMap<>(declared);
        server.ifPresent(s -> locations.put(s.address(), connectionAt.orElseThrow()));
        List<HostPlay> out = new ArrayList<>();
        plays.forEach((play, resources) -> {
            List<Resource> all = new ArrayList<>(resources);
            if (connectionPlay.equals(Optional.of(play))) {
                server.ifPresent(all::add);
            }
            out.add(new HostPlay(play, all));
        });
        return new HostDesired(host, out, locations);
    }

    private void error(Location at, String message, String hint) {
        problems.add(Diagnostic.at(at, message, hint), Optional.of(host.name()));
    }
}

package dev.plumb.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

import dev.plumb.check.Check;
import dev.plumb.check.Database;
import dev.plumb.check.Dsn;
import dev.plumb.check.ServerSide;
import dev.plumb.inventory.Host;
import dev.plumb.inventory.Inventory;
import dev.plumb.model.Location;
import dev.plumb.model.Resource;
import dev.plumb.model.Suggest;
import dev.plumb.model.Text;
import dev.plumb.resource.file.FileContent;
import dev.plumb.resource.file.FileSpec;
import dev.plumb.resource.postgres.HbaRule;
import dev.plumb.resource.postgres.MigrationSpec;
import dev.plumb.resource.postgres.RoleSpec;
import dev.plumb.resource.systemd.ServiceSpec;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;

/**
 * Reads a play's {@code checks:} list for one host. Each item is {@code {kind: KIND, ...}} with
 * the kind's own keys (unknown keys and kinds are errors, with a did-you-mean); what is left out
 * is taken from the play's resources (its env file's DATABASE_URL, its one service) once every
 * play is read, since the database a URL names may be declared by a later play: {@link #resolve}.
 */
final class CheckReader {
    private static final Map<String, List<String>> KEYS = Map.of(
            "postgres_login", List.of("kind", "env_file", "variable"),
            "service_env", List.of("kind", "service", "env_file"),
            "migrations_applied", List.of("kind", "database"),
            "http", List.of("kind", "url", "status", "contains", "json_field", "json_value", "retries", "service"),
            "listening", List.of("kind", "port", "addresses", "only"),
            "unit_healthy", List.of("kind", "service", "max_restarts", "window_minutes", "journal_pattern"));
    private static final Pattern ADDRESS = Pattern.compile("[0-9A-Fa-f.:]+|\\*");

    private CheckReader() {}

    /** What a resolution sees: the play's resources on this host and every host's desired state. */
    record Context(String host, List<Resource> play, Map<String, HostDesired> hosts, Inventory inventory) {}

    /** A declared check, resolved once every play is read; an error is reported at {@code at}. */
    record Declared(Walker w, Location at, Function<Context, Result> resolve) {}

    /** A check, or why its defaults cannot be found (with a hint). */
    record Result(Optional<Check> check, String problem, String hint) {
        static Result of(Check c) {
            return new Result(Optional.of(c), "", "");
        }

        static Result error(String problem, String hint) {
            return new Result(Optional.empty(), problem, hint);
        }
    }

    static List<Declared> read(Walker w, Node block) {
        List<Declared> out = new ArrayList<>();
        for (Node item : w.list(block, "checks").orElse(List.of())) {
            Optional<String> kind = kindOf(w, item);
            if (kind.isEmpty()) {
                continue;
            }
            w.map(item, kind.get() + " check", KEYS.get(kind.get())).flatMap(f -> item(w, kind.get(), f))
                    .ifPresent(r -> out.add(new Declared(w, w.at(item), r)));
        }
        return out;
    }

    private static Optional<String> kindOf(Walker w, Node item) {
        if (!(item instanceof MappingNode m)) {
            w.entries(item, "check");
            return Optional.empty();
        }
        for (NodeTuple t : m.getValue()) {
            if (t.getKeyNode() instanceof ScalarNode k && k.getValue().equals("kind")) {
                Optional<String> kind = w.string(t.getValueNode(), "kind");
                if (kind.isPresent() && !KEYS.containsKey(kind.get())) {
                    w.error(t.getValueNode(), "unknown check kind '" + kind.get() + "'", Suggest.didYouMean(kind.get(),
                            Check.KINDS).orElse("kinds: " + String.join(", ", Check.KINDS)));
                    return Optional.empty();
                }
                return kind;
            }
        }
        w.error(item, "a check needs a kind", "kind: one of " + String.join(", ", Check.KINDS));
        return Optional.empty();
    }

    private static Optional<Function<Context, Result>> item(Walker w, String kind, Fields f) {
        switch (kind) {
            case "postgres_login": {
                Optional<String> file = f.string("env_file", FileSpec::checkPath);
                String variable = f.string("variable").orElse("DATABASE_URL");
                return Optional.of(c -> database(c, file, variable).map(d -> Result.of(new Check.PostgresLogin(d)))
                        .orElseGet(() -> noDatabase(file, variable)));
            }
            case "service_env": {
                Optional<String> service = f.string("service", ServiceSpec::checkName).map(ServiceSpec::unitName);
                Optional<String> file = f.string("env_file", FileSpec::checkPath);
                return Optional.of(c -> envFile(c, file).map(spec -> service.or(() -> spec.notifies().stream()
                        .findFirst()).or(() -> oneService(c)).map(u -> Result.of(new Check.ServiceEnv(u, spec.path(),
                        ((FileContent.Env) spec.content().orElseThrow()).vars(), spec.content().get().body(),
                        database(c, file, "DATABASE_URL")))).orElseGet(() -> Result.error(
                        "no service to compare " + spec.path() + " with", "name it: service: NAME")))
                        .orElseGet(() -> Result.error("this play declares no env file" + file.map(p -> " " + p)
                                .orElse(""), "declare a file with env:, or name one: env_file: PATH")));
            }
            case "migrations_applied": {
                Optional<String> database = f.string("database");
                return Optional.of(c -> {
                    List<MigrationSpec> specs = c.play().stream().filter(MigrationSpec.class::isInstance)
                            .map(MigrationSpec.class::cast).filter(m -> database.map(m.database()::equals).orElse(true))
                            .toList();
                    HostDesired self = c.hosts().get(c.host());
                    if (specs.isEmpty()) {
                        return Result.error("this play declares no migrations" + database.map(d -> " of " + d)
                                .orElse(""), "declare them under postgres: migrations: in the same play");
                    }
                    return Result.of(new Check.MigrationsApplied(server(self), specs));
                });
            }
            case "http": {
                Optional<String> url = f.require("url").flatMap(n -> w.check(n, w.string(n, "url"),
                        u -> u.matches("https?://[^\\s]+") ? Optional.empty()
                                : Optional.of("url must be http:// or https:// with no blanks")));
                int status = f.integer("status").orElse(200);
                int retries = f.valid("retries", f.integer("retries"), r -> r < 1 || r > 60
                        ? Optional.of("retries must be 1 to 60") : Optional.empty()).orElse(10);
                Optional<String> contains = f.string("contains");
                Optional<String> field = f.string("json_field");
                Optional<String> value = f.string("json_value");
                Optional<String> service = f.string("service", ServiceSpec::checkName).map(ServiceSpec::unitName);
                if (url.isEmpty()) {
                    return Optional.empty();
                }
                if (value.isPresent() && field.isEmpty()) {
                    w.error(f.node(), "json_value needs json_field", "json_field: a dotted path such as status or"
                            + " data.0.name");
                    return Optional.empty();
                }
                return Optional.of(c -> Result.of(new Check.Http(url.get(), status, contains, field, value, retries,
                        service.or(() -> oneService(c)), database(c, Optional.empty(), "DATABASE_URL"))));
            }
            case "listening": {
                Optional<Integer> port = f.require("port").flatMap(n -> w.check(n, w.integer(n, "port"),
                        p -> p < 1 || p > 65535 ? Optional.of("port must be 1 to 65535") : Optional.empty()));
                List<String> addresses = f.valid("addresses", f.strings("addresses"), l -> l.stream()
                        .filter(a -> !ADDRESS.matcher(a).matches()).findFirst()
                        .map(a -> "'" + a + "' is not a numeric address")).orElse(List.of());
                boolean only = f.bool("only").orElse(false);
                if (only && addresses.isEmpty()) {
                    w.error(f.node(), "only: true needs addresses", "addresses: [127.0.0.1]");
                    return Optional.empty();
                }
                return port.map(p -> c -> Result.of(new Check.Listening(p, addresses, only)));
            }
            default: {
                Optional<String> service = f.string("service", ServiceSpec::checkName).map(ServiceSpec::unitName);
                int max = f.valid("max_restarts", f.integer("max_restarts"), n -> n < 0
                        ? Optional.of("max_restarts cannot be negative") : Optional.empty()).orElse(3);
                int window = f.valid("window_minutes", f.integer("window_minutes"), n -> n < 1 || n > 10080
                        ? Optional.of("window_minutes must be 1 to 10080") : Optional.empty()).orElse(10);
                Optional<String> pattern = f.string("journal_pattern", CheckReader::checkPattern);
                return Optional.of(c -> service.or(() -> oneService(c)).map(u -> Result.of(new Check.UnitHealthy(u,
                        max, window, pattern.orElse(Check.UnitHealthy.DEFAULT_PATTERN),
                        database(c, Optional.empty(), "DATABASE_URL"))))
                        .orElseGet(() -> Result.error("this play does not declare exactly one service",
                                "name it: service: NAME")));
            }
        }
    }

    private static Optional<String> checkPattern(String p) {
        try {
            Pattern.compile(p);
            return p.isEmpty() ? Optional.of("journal_pattern is empty") : Optional.empty();
        } catch (PatternSyntaxException e) {
            return Optional.of("journal_pattern is not a regular expression: " + e.getDescription());
        }
    }

    private static Result noDatabase(Optional<String> file, String variable) {
        return Result.error("no " + variable + " in " + file.orElse("this play's env files") + " to log in with",
                "declare it in a file with env: (postgresql://USER:PASSWORD@HOST:PORT/DATABASE)");
    }

    private static Optional<String> oneService(Context c) {
        List<String> units = c.play().stream().filter(ServiceSpec.class::isInstance).map(ServiceSpec.class::cast)
                .map(ServiceSpec::name).toList();
        return units.size() == 1 ? Optional.of(units.get(0)) : Optional.empty();
    }

    private static Optional<FileSpec> envFile(Context c, Optional<String> path) {
        return c.play().stream().filter(FileSpec.class::isInstance).map(FileSpec.class::cast)
                .filter(s -> s.content().filter(FileContent.Env.class::isInstance).isPresent())
                .filter(s -> path.map(s.path()::equals).orElse(true)).findFirst();
    }

    /** The database the play's env file names in {@code variable}, with its server's declarations. */
    private static Optional<Database> database(Context c, Optional<String> path, String variable) {
        return c.play().stream().filter(FileSpec.class::isInstance).map(FileSpec.class::cast)
                .filter(s -> path.map(s.path()::equals).orElse(true))
                .flatMap(s -> s.content().filter(FileContent.Env.class::isInstance).stream())
                .map(e -> ((FileContent.Env) e).vars().get(variable)).filter(v -> v != null).findFirst()
                .map(Text::reveal).flatMap(url -> Dsn.parse(url).dsn())
                .map(d -> new Database(d, serverHost(c, d.host()).map(h -> server(c.hosts().get(h)))));
    }

    private static Optional<String> serverHost(Context c, String address) {
        if (address.equals("127.0.0.1") || address.equals("localhost") || address.equals("::1")) {
            return Optional.of(c.host()).filter(c.hosts()::containsKey);
        }
        return c.inventory().hosts().values().stream()
                .filter(h -> h.address().equals(address) || h.name().equals(address)).map(Host::name)
                .filter(c.hosts()::containsKey).findFirst();
    }

    private static ServerSide server(HostDesired h) {
        return new ServerSide(h.host().name(), h.postgres(), h.resources(RoleSpec.class), h.resources(HbaRule.class),
                h.resources(MigrationSpec.class));
    }

    /** Resolves every declared check of {@code host}; problems go to the walker it was read with. */
    static List<Check> resolve(List<Declared> declared, Context base, Map<Declared, List<Resource>> plays) {
        List<Check> out = new ArrayList<>();
        for (Declared d : declared) {
            Result r = d.resolve().apply(new Context(base.host(), plays.get(d), base.hosts(), base.inventory()));
            if (r.check().isPresent()) {
                out.add(r.check().get());
            } else {
                d.w().errorAt(d.at(), r.problem(), r.hint(), true);
            }
        }
        return out;
    }
}

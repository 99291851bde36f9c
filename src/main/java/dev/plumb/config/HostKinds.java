package dev.plumb.config;

import dev.plumb.model.Presence;
import dev.plumb.model.ResourceAddress;
import dev.plumb.model.Text;
import dev.plumb.resource.file.FileContent;
import dev.plumb.resource.file.FileSpec;
import dev.plumb.resource.systemd.ServiceSpec;
import dev.plumb.resource.systemd.ServicePresence;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;

/** Reads a play's {@code files:} and {@code services:} lists for one host. */
public final class HostKinds {
    private static final List<String> FILE = List.of("path", "content", "source", "env", "owner", "group", "mode",
            "state", "notify");
    private static final List<String> CONTENT = List.of("content", "source", "env");
    private static final List<String> EXCLUSIVE = List.of("exclusive", "items");
    private static final List<String> SERVICE = List.of("name", "unit", "unit_file", "enabled", "state", "restart_on");
    private static final List<String> UNIT = List.of("unit", "unit_file");

    private HostKinds() {
    }

    /** A list of files, or {@code {exclusive: true, items: [...]}} to own their directories whole. */
    public static void files(Walker w, Node block, Sources sources, Sink sink) {
        boolean exclusive = false;
        List<Node> items;
        // A mapping with exclusive/items is that form; any other mapping is a list written wrong.
        if (block instanceof MappingNode m && m.getValue().stream()
                .anyMatch(t -> t.getKeyNode() instanceof ScalarNode k && EXCLUSIVE.contains(k.getValue()))) {
            Optional<Fields> f = w.map(block, "files", EXCLUSIVE);
            exclusive = f.flatMap(x -> x.bool("exclusive")).orElse(false);
            items = f.flatMap(x -> x.require("items")).flatMap(n -> w.list(n, "items")).orElse(List.of());
        } else {
            items = w.list(block, "files").orElse(List.of());
        }
        for (Node item : items) {
            boolean ex = exclusive;
            w.map(item, "file", FILE).ifPresent(f -> file(w, f, sources, sink, ex));
        }
    }

    private static void file(Walker w, Fields f, Sources sources, Sink sink, boolean exclusive) {
        Optional<String> path = f.require("path").flatMap(n -> w.check(n, w.string(n, "path"), p -> FileSpec.checkPath(p)
                .or(() -> exclusive ? FileSpec.checkExclusiveDirectory(FileSpec.directoryOf(p)) : Optional.empty())));
        Optional<Presence> state = f.choice("state", Presence.class, Presence.PRESENT);
        Optional<String> kind = f.oneOf(CONTENT, state.equals(Optional.of(Presence.PRESENT)));
        if (kind.isPresent() && state.equals(Optional.of(Presence.ABSENT))) {
            w.error(f.get(kind.get()).orElseThrow(), "an absent file has no " + kind.get(), "remove '" + kind.get() + "'");
            return;
        }
        Optional<FileContent> content = kind.flatMap(k -> {
            Node n = f.get(k).orElseThrow();
            return switch (k) {
                case "content" -> w.text(n, k).map(FileContent.Inline::new);
                case "source" -> w.path(n, k).flatMap(p -> sources.read(p, "source file", Optional.of(w.at(n)))
                        .map(text -> new FileContent.Source(p, Text.plain(text))));
                default -> env(w, n).map(FileContent.Env::new);
            };
        });
        String owner = f.string("owner", FileSpec::checkAccount).orElse(FileSpec.DEFAULT_OWNER);
        String group = f.string("group", FileSpec::checkAccount).orElse(FileSpec.DEFAULT_OWNER);
        String mode = f.string("mode", FileSpec::checkMode).orElse(FileSpec.DEFAULT_MODE);
        List<String> notify = f.get("notify").map(n -> references(w, n, "notify", sink, (item, name) -> w.check(item,
                Optional.of(name), ServiceSpec::checkName).map(ServiceSpec::unitName), ServiceSpec.KIND)).orElse(List.of());
        if (path.isPresent() && state.isPresent() && content.isPresent() == (state.get() == Presence.PRESENT)) {
            w.build(f.node(), () -> new FileSpec(sink.host(), path.get(), content, owner, group, mode, state.get(), notify,
                    exclusive))
                    .ifPresent(r -> sink.add(f.at(), r));
        }
    }

    private static Optional<Map<String, Text>> env(Walker w, Node node) {
        Optional<List<Walker.Entry>> entries = w.entries(node, "env");
        Map<String, Text> out = new LinkedHashMap<>();
        boolean ok = entries.isPresent();
        for (Walker.Entry e : entries.orElse(List.of())) {
            Optional<Text> value = w.check(e.keyNode(), Optional.of(e.key()), FileContent.Env::checkKey)
                    .flatMap(k -> w.text(e.value(), k))
                    .flatMap(t -> w.check(e.value(), Optional.of(t), v -> FileContent.Env.checkValue(v.reveal())));
            value.ifPresent(v -> out.put(e.key(), v));
            ok &= value.isPresent();
        }
        return ok ? Optional.of(out) : Optional.empty();
    }

    public static void services(Walker w, Node block, Sources sources, Sink sink) {
        for (Node item : w.list(block, "services").orElse(List.of())) {
            w.map(item, "service", SERVICE).ifPresent(f -> service(w, f, sources, sink));
        }
    }

    private static void service(Walker w, Fields f, Sources sources, Sink sink) {
        Optional<String> name = f.require("name").flatMap(n -> w.check(n, w.string(n, "name"), ServiceSpec::checkName))
                .map(ServiceSpec::unitName);
        Optional<ServicePresence> state = f.choice("state", ServicePresence.class, ServicePresence.RUNNING);
        Optional<String> kind = f.oneOf(UNIT, false);
        if (kind.isPresent() && state.equals(Optional.of(ServicePresence.ABSENT))) {
            w.error(f.get(kind.get()).orElseThrow(), "an absent service has no " + kind.get(), "remove '" + kind.get() + "'");
            return;
        }
        Optional<Text> unit = kind.flatMap(k -> {
            Node n = f.get(k).orElseThrow();
            return k.equals("unit") ? w.text(n, k) : w.path(n, k)
                    .flatMap(p -> sources.read(p, "unit file", Optional.of(w.at(n))).map(Text::plain));
        });
        Optional<Boolean> enabled = f.bool("enabled");
        List<String> restartOn = f.get("restart_on").map(n -> references(w, n, "restart_on", sink,
                (item, path) -> w.check(item, Optional.of(path), FileSpec::checkPath), FileSpec.KIND)).orElse(List.of());
        if (name.isPresent() && state.isPresent() && kind.isPresent() == unit.isPresent()) {
            w.build(f.node(), () -> new ServiceSpec(sink.host(), name.get(), unit, enabled, state.get(), restartOn))
                    .ifPresent(r -> sink.add(f.at(), r));
        }
    }

    /**
     * A list of names of other resources on the same host ({@code notify}, {@code restart_on}),
     * each normalised by {@code name} and recorded for the host to check once every play is read.
     */
    private static List<String> references(Walker w, Node node, String what, Sink sink,
                                           BiFunction<Node, String, Optional<String>> name, String kind) {
        List<String> out = new ArrayList<>();
        for (Node item : w.list(node, what).orElse(List.of())) {
            w.string(item, what + " entry").flatMap(s -> name.apply(item, s)).ifPresent(n -> {
                out.add(n);
                sink.requires(w.at(item), new ResourceAddress(sink.host(), kind, n), what);
            });
        }
        return out;
    }
}

package dev.plumb.resource.marker;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

import dev.plumb.config.KindReader;
import dev.plumb.model.Presence;
import dev.plumb.model.Resource;
import dev.plumb.model.ResourceAddress;
import dev.plumb.plan.Action;
import dev.plumb.plan.Attr;
import dev.plumb.plan.Change;
import dev.plumb.resource.HostRun;
import dev.plumb.resource.Kind;
import dev.plumb.resource.Part;
import dev.plumb.resource.Phase;
import dev.plumb.resource.PlanContext;
import dev.plumb.resource.Planned;
import dev.plumb.resource.Step;
import dev.plumb.shell.Shell;

/**
 * A kind that lives only in the tests: {@code markers: [{path: /x, state: present|absent}]}
 * manages whether an empty file exists. It proves a new kind is one package plus one registry
 * line: it reads its key, probes through the host's one read round trip, diffs, and applies
 * through the normal engine, with no main file changed for it.
 */
public final class MarkerKind implements Kind {
    /** One marker file. */
    public record Marker(String host, String path, Presence state) implements Resource {
        public Marker {
            Objects.requireNonNull(path, "path");
        }

        @Override
        public ResourceAddress address() {
            return new ResourceAddress(host, "marker", path);
        }
    }

    private static final List<String> KEYS = List.of("path", "state");

    @Override
    public String key() {
        return "markers";
    }

    @Override
    public KindReader reader() {
        return (w, block, sources, sink) -> {
            for (var item : w.list(block, "markers").orElse(List.of())) {
                w.map(item, "marker", KEYS).ifPresent(f -> {
                    Optional<String> path = f.requireString("path").filter(p -> p.startsWith("/"));
                    Optional<Presence> state = f.choice("state", Presence.class, Presence.PRESENT);
                    if (path.isEmpty()) {
                        w.error(f.node(), "a marker needs an absolute path", "write path: /var/tmp/x");
                    } else if (state.isPresent()) {
                        sink.add(f.at(), new Marker(sink.host(), path.get(), state.get()));
                    }
                });
            }
        };
    }

    @Override
    public boolean owns(Resource resource) {
        return resource instanceof Marker;
    }

    @Override
    public Part open(HostRun run, List<Resource> resources) {
        List<Marker> markers = resources.stream().map(Marker.class::cast).toList();
        return new Part() {
            @Override
            public String probe() {
                StringBuilder b = new StringBuilder();
                for (int i = 0; i < markers.size(); i++) {
                    b.append("if [ -e ").append(Shell.quote(markers.get(i).path())).append(" ]; then echo ")
                            .append(i).append("=present; else echo ").append(i).append("=absent; fi\n");
                }
                return b.toString();
            }

            @Override
            public Planned plan(List<String> probed, PlanContext context) {
                Map<Integer, String> live = probed.stream().filter(l -> l.contains("="))
                        .collect(Collectors.toMap(l -> Integer.parseInt(l.substring(0, l.indexOf('='))),
                                l -> l.substring(l.indexOf('=') + 1), (a, b) -> b));
                List<Change> changes = new ArrayList<>();
                List<Step> steps = new ArrayList<>();
                for (int i = 0; i < markers.size(); i++) {
                    Marker m = markers.get(i);
                    boolean present = "present".equals(live.get(i));
                    boolean want = m.state() == Presence.PRESENT;
                    if (present == want) {
                        continue;
                    }
                    changes.add(Change.of(m.address(), want ? Action.CREATE : Action.DELETE,
                            List.of(Attr.of("exists", String.valueOf(present), String.valueOf(want)))));
                    steps.add(new Step.Script(Phase.FILES, Optional.of(m.address()),
                            (want ? "create " : "remove ") + m.path(),
                            want ? ": > " + Shell.quote(m.path()) + "\n" : "rm -f -- " + Shell.quote(m.path()) + "\n"));
                }
                return new Planned(changes, steps, List.of(), List.of());
            }
        };
    }
}

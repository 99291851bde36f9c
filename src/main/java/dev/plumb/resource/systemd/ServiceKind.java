package dev.plumb.resource.systemd;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import dev.plumb.config.HostKinds;
import dev.plumb.config.KindReader;
import dev.plumb.model.Diagnostic;
import dev.plumb.model.Redactor;
import dev.plumb.model.Resource;
import dev.plumb.plan.Change;
import dev.plumb.resource.HostRun;
import dev.plumb.resource.Importer;
import dev.plumb.resource.Kind;
import dev.plumb.resource.Part;
import dev.plumb.resource.PlanContext;
import dev.plumb.resource.Planned;
import dev.plumb.resource.Step;
import dev.plumb.resource.file.FileProbe;
import dev.plumb.resource.file.FileSpec;
import dev.plumb.resource.file.FileState;

/**
 * {@code services:}: systemd services, their unit files, enablement and running state. Probe:
 * each managed unit file, one {@code systemctl show} for every unit, and the restarts an earlier
 * run recorded but did not finish. A service restarts once when a file that notifies it, or a
 * path in its {@code restart_on}, changed in this plan (the file kind plans first).
 */
public final class ServiceKind implements Kind {
    /** Restarts that are due, recorded before any write and cleared after the restarts. */
    public static final String PENDING_FILE = "/var/lib/plumb/pending-restarts";

    @Override
    public String key() {
        return "services";
    }

    @Override
    public KindReader reader() {
        return HostKinds::services;
    }

    @Override
    public boolean owns(Resource resource) {
        return resource instanceof ServiceSpec;
    }

    @Override
    public Optional<Importer> importer() {
        return Optional.of(new ServiceImporter());
    }

    @Override
    public Part open(HostRun run, List<Resource> resources) {
        return new ServicePart(resources.stream().map(ServiceSpec.class::cast).toList(), run.redactor());
    }

    /** The services of one host. */
    static final class ServicePart implements Part {
        private final List<ServiceSpec> specs;
        private final List<String> unitPaths;
        private final List<String> units;
        private final Redactor redactor;

        ServicePart(List<ServiceSpec> specs, Redactor redactor) {
            this.specs = specs;
            this.unitPaths = specs.stream().map(s -> ServicePlanner.unitPath(s.name())).toList();
            this.units = specs.stream().map(ServiceSpec::name).toList();
            this.redactor = redactor;
        }

        @Override
        public String probe() {
            return FileProbe.script(unitPaths) + UnitProbe.script(units)
                    + "printf 'P\\t%s\\n' \"$(cat " + PENDING_FILE + " 2>/dev/null | base64 -w0)\"\n";
        }

        @Override
        public Planned plan(List<String> probed, PlanContext context) {
            Map<String, FileState> unitFiles = FileProbe.parse(probed, unitPaths);
            Map<String, UnitState> live = UnitProbe.parse(probed, units);
            Set<String> pending = pending(probed);
            Set<String> changedPaths = new LinkedHashSet<>();
            context.earlier().stream().filter(c -> c.address().kind().equals(FileSpec.KIND))
                    .forEach(c -> changedPaths.add(c.address().name()));
            List<FileSpec> files = context.resources().stream().filter(FileSpec.class::isInstance)
                    .map(FileSpec.class::cast).toList();

            List<Change> changes = new ArrayList<>();
            List<Diagnostic> problems = new ArrayList<>();
            List<ServiceOps> ops = new ArrayList<>();
            for (ServiceSpec spec : specs) {
                List<String> reasons = new ArrayList<>();
                for (FileSpec f : files) {
                    if (changedPaths.contains(f.path()) && f.notifies().contains(spec.name())) {
                        reasons.add("notified by " + f.path());
                    }
                }
                spec.restartOn().stream().filter(changedPaths::contains).forEach(p -> reasons.add(p + " changed"));
                if (pending.contains(spec.name())) {
                    reasons.add("pending from an interrupted run");
                }
                ServicePlanner.Result r = ServicePlanner.diff(spec, unitFiles.get(ServicePlanner.unitPath(spec.name())),
                        live.get(spec.name()), List.copyOf(new LinkedHashSet<>(reasons)), redactor);
                r.error().ifPresent(e -> problems.add(Diagnostic.of(spec.address(), e)));
                changes.addAll(r.changes());
                if (!r.ops().isEmpty()) {
                    ops.add(r.ops());
                }
            }
            List<Step> steps = ServiceSteps.of(context.host(), ops, !pending.isEmpty());
            return new Planned(changes, steps, problems, List.of());
        }

        private static Set<String> pending(List<String> probed) {
            Set<String> out = new LinkedHashSet<>();
            probed.stream().filter(l -> l.startsWith("P\t")).findFirst().ifPresent(l -> new String(
                    Base64.getDecoder().decode(l.substring(2).strip()), StandardCharsets.UTF_8)
                    .lines().map(String::strip).filter(s -> !s.isEmpty()).forEach(out::add));
            return out;
        }
    }
}

package dev.plumb.resource.module;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import dev.plumb.model.Diagnostic;
import dev.plumb.model.ResourceAddress;
import dev.plumb.plan.Action;
import dev.plumb.plan.Change;
import dev.plumb.resource.Part;
import dev.plumb.resource.Phase;
import dev.plumb.resource.PlanContext;
import dev.plumb.resource.Planned;
import dev.plumb.resource.Step;
import dev.plumb.shell.Shell;

/**
 * One module's objects on one host: their reads in the host's one probe round trip, the diff,
 * and a step per change ({@link ModuleScripts#step}) in the module's stage; then, once, a restart
 * of each unit in {@code restart:} that the services of the host do not already restart.
 */
final class ModulePart implements Part {
    private final ModuleDef def;
    private final List<ModuleSpec> specs;

    ModulePart(ModuleDef def, List<ModuleSpec> specs) {
        this.def = def;
        this.specs = List.copyOf(specs);
    }

    @Override
    public String probe() {
        return ModuleScripts.probe(def, specs);
    }

    @Override
    public Duration probeTime() {
        return def.timeout().plusSeconds(5).multipliedBy(specs.size());
    }

    /** What the probe printed for one object. */
    private record Read(Optional<String> output, Optional<Integer> exit, String stderr) {
    }

    @Override
    public Planned plan(List<String> probed, PlanContext context) {
        List<String> missing = new ArrayList<>();
        Optional<String> failed = Optional.empty();
        Map<Integer, String> outputs = new HashMap<>();
        Map<Integer, String[]> exits = new HashMap<>();
        for (String line : probed) {
            String[] f = line.split(" ", 4);
            switch (f[0]) {
                case "N" -> missing.add(f.length > 1 ? f[1] : "?");
                case "F" -> failed = Optional.of(line.substring(1).strip());
                case "O" -> outputs.put(index(f), f.length > 2 ? f[2] : "");
                case "X" -> exits.put(index(f), f);
                default -> {
                }
            }
        }
        List<Diagnostic> problems = new ArrayList<>();
        ResourceAddress first = specs.get(0).address();
        if (!missing.isEmpty()) {
            problems.add(Diagnostic.of(first, "module " + def.name() + " needs command" + (missing.size() == 1 ? " " : "s ")
                    + String.join(", ", missing) + ", not found on " + context.host())
                    .withHint(Optional.of("install " + (missing.size() == 1 ? "it" : "them") + " on the host (for"
                            + " example with an early module such as apt_package), or drop the host from the play")));
            return new Planned(List.of(), List.of(), problems, List.of());
        }
        if (failed.isPresent()) {
            problems.add(Diagnostic.of(first, "module " + def.name() + ": the read could not start: " + failed.get()));
            return new Planned(List.of(), List.of(), problems, List.of());
        }
        List<Change> changes = new ArrayList<>();
        List<Step> steps = new ArrayList<>();
        boolean changed = false;
        for (int i = 0; i < specs.size(); i++) {
            ModuleSpec spec = specs.get(i);
            Optional<ModuleValues.Live> live = live(spec, outputs.get(i), exits.get(i), problems);
            if (live.isEmpty()) {
                continue;
            }
            ModuleDiff.Result r = ModuleDiff.diff(def, spec, live.get());
            r.change().ifPresent(changes::add);
            if (r.action().isPresent()) {
                Action a = r.action().get();
                String snippet = switch (a) {
                    case CREATE -> def.snippets().create();
                    case UPDATE -> def.snippets().update();
                    default -> def.snippets().delete().orElseThrow();
                };
                steps.add(new Step.Script(phase(), Optional.of(spec.address()), a.word() + " " + def.name() + " "
                        + spec.id(), ModuleScripts.step(def, spec, a.word(), snippet)));
                changed |= a != Action.DELETE;
            }
        }
        if (changed && problems.isEmpty()) {
            restarts(context, changes, steps);
        }
        return new Planned(changes, steps, problems, List.of());
    }

    /** The live state of {@code spec}, or empty after adding the problem that keeps it unknown. */
    private Optional<ModuleValues.Live> live(ModuleSpec spec, String b64, String[] exit, List<Diagnostic> problems) {
        String what = "reading " + def.name() + " " + spec.id();
        if (b64 == null || exit == null || exit.length < 3) {
            problems.add(Diagnostic.of(spec.address(), what + " gave no answer"));
            return Optional.empty();
        }
        byte[] out = decode(b64);
        String stderr = exit.length > 3 ? new String(decode(exit[3]), StandardCharsets.UTF_8).strip() : "";
        int code = index(new String[] {"", exit[2]});
        if (code != 0) {
            String why = code == 124 || code == 137 ? " timed out after " + def.timeout().toSeconds() + " s"
                    : " failed (exit " + code + ")";
            problems.add(Diagnostic.of(spec.address(), what + why)
                    .withDetail(stderr.isEmpty() ? Optional.empty() : Optional.of(stderr)));
            return Optional.empty();
        }
        if (out.length > ModuleValues.MAX_READ_BYTES) {
            problems.add(Diagnostic.of(spec.address(), what + ": the read printed more than "
                    + ModuleValues.MAX_READ_BYTES / 1024 + " KiB"));
            return Optional.empty();
        }
        ModuleValues.Live live = ModuleValues.parse(new String(out, StandardCharsets.UTF_8));
        if (live instanceof ModuleValues.Live.Unreadable u) {
            problems.add(Diagnostic.of(spec.address(), what + ": " + u.why())
                    .withHint(Optional.of("fix the read snippet in " + def.source().path())));
            return Optional.empty();
        }
        return Optional.of(live);
    }

    /** Restarts of the module's units, except those the services of this host already start or restart. */
    private void restarts(PlanContext context, List<Change> changes, List<Step> steps) {
        Set<String> units = new LinkedHashSet<>();
        def.restart().forEach(u -> units.add(u.contains(".") ? u : u + ".service"));
        for (String unit : units) {
            ResourceAddress a = new ResourceAddress(context.host(), "service", unit);
            if (context.earlier().stream().anyMatch(c -> c.address().equals(a))) {
                continue;
            }
            changes.add(Change.of(a, Action.RESTART, List.of()).withReason("notified by module " + def.name()));
            steps.add(new Step.Script(Phase.SERVICES, Optional.of(a), "restart " + unit,
                    "plumb_restart " + Shell.quote(unit) + "\n"));
        }
    }

    private Phase phase() {
        return def.stage() == ModuleDef.Stage.EARLY ? Phase.EARLY : Phase.MODULES;
    }

    private static byte[] decode(String b64) {
        try {
            return Base64.getDecoder().decode(b64.strip());
        } catch (IllegalArgumentException e) {
            return new byte[0];
        }
    }

    private static int index(String[] f) {
        try {
            return f.length > 1 ? Integer.parseInt(f[1].strip()) : -1;
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}

package dev.plumb.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import dev.plumb.config.Adopter;
import dev.plumb.config.Config;
import dev.plumb.config.Desired;
import dev.plumb.config.HostDesired;
import dev.plumb.config.Loaded;
import dev.plumb.config.YamlEditException;
import dev.plumb.engine.Engine;
import dev.plumb.engine.HostInput;
import dev.plumb.imports.ImportDocument;
import dev.plumb.io.LocalFile;
import dev.plumb.io.SourceTree;
import dev.plumb.model.Keyed;
import dev.plumb.model.Location;
import dev.plumb.model.Printable;
import dev.plumb.model.Resource;
import dev.plumb.model.Text;
import dev.plumb.plan.Action;
import dev.plumb.plan.Change;
import dev.plumb.plan.ContentDiff;
import dev.plumb.plan.HostPlan;
import dev.plumb.plan.Plan;
import dev.plumb.resource.ImportOptions;
import dev.plumb.resource.ImportedSecret;
import dev.plumb.resource.Imported;
import dev.plumb.resource.Importer;
import dev.plumb.resource.Kind;

/**
 * {@code drift --adopt}: the live values of drifted resources written back into the playbook.
 * Each drifted host's kinds are imported (read only); each drifted declaration is edited to say
 * what its import says, by minimal text edits; the edited playbook is then planned against every
 * host of the run and used only when that plan is empty. Prints the patch, or with
 * {@code --write} replaces the playbook atomically. Nothing on any host changes.
 */
final class Adoption {
    private final Run run;
    private final Inputs inputs;
    private final RunOptions options;
    private final Main main;
    private final Keyed key;

    Adoption(Run run, Inputs inputs, RunOptions options, Main main, Keyed key) {
        this.run = run;
        this.inputs = inputs;
        this.options = options;
        this.main = main;
        this.key = key;
    }

    int adopt(Plan drift, boolean write, PrintWriter out, PrintWriter err) {
        if (inputs.rev.isPresent()) {
            return error(err, "--adopt edits the playbook in the work tree; it cannot be used with --rev");
        }
        if (drift.hasErrors()) {
            drift.hosts().stream().filter(h -> h.error().isPresent())
                    .forEach(h -> err.println("error: " + h.host() + ": " + Printable.block(h.error().get())));
            return error(err, "drift could not be read on every host; nothing was adopted");
        }
        if (!drift.hasChanges()) {
            err.println("No drift: nothing to adopt.");
            return ExitCode.OK;
        }
        Path playbook = run.desired.playbook();
        String text;
        try {
            text = new String(LocalFile.read(playbook, LocalFile.MAX_BYTES), StandardCharsets.UTF_8);
        } catch (LocalFile.Problem e) {
            return error(err, "cannot read " + playbook + ": " + e.getMessage());
        }
        List<String> problems = new ArrayList<>();
        List<Adopter.Target> targets = new ArrayList<>();
        for (HostPlan h : drift.hosts()) {
            if (!h.changes().isEmpty()) {
                targets.addAll(targets(h, problems));
            }
        }
        if (!problems.isEmpty()) {
            problems.forEach(p -> err.println("error: " + Printable.block(p)));
            return error(err, "nothing was adopted");
        }
        Adopter.Result adopted;
        try {
            adopted = Adopter.adopt(text, targets);
        } catch (YamlEditException e) {
            return error(err, "cannot adopt: " + e.getMessage() + "; nothing was adopted");
        }
        adopted.skipped().forEach(s -> err.println("note: " + Printable.block(s)));
        Optional<String> left = verify(playbook, adopted.text(), err);
        if (left.isPresent()) {
            return error(err, "the adopted playbook still differs from the hosts: " + left.get()
                    + "; nothing was adopted (adopt the rest by hand)");
        }
        if (write) {
            try {
                LocalFile.writeAtomically(playbook.toRealPath(), adopted.text().getBytes(StandardCharsets.UTF_8));
            } catch (IOException e) {
                return error(err, "cannot write " + playbook + ": " + LocalFile.why(e));
            }
            err.println("Adopted the drift of " + targets.size() + " resource" + (targets.size() == 1 ? "" : "s")
                    + " into " + playbook + ".");
        } else {
            ContentDiff.unified(playbook.toString(), text, Text.plain(adopted.text()), run.desired.redactor())
                    .ifPresent(d -> out.println(d));
            err.println("Adopting the drift of " + targets.size() + " resource" + (targets.size() == 1 ? "" : "s")
                    + " gives the patch above; write it with --write.");
        }
        return ExitCode.OK;
    }

    /** Each UPDATE of {@code h}, with where its resource is declared and where its import has it. */
    private List<Adopter.Target> targets(HostPlan h, List<String> problems) {
        HostDesired desired = run.desired.host(h.host()).orElseThrow();
        Map<String, Importer> importers = new LinkedHashMap<>();
        Map<String, Set<String>> scopes = new LinkedHashMap<>();
        List<Change> adoptable = new ArrayList<>();
        for (Change c : h.changes()) {
            Optional<Resource> r = desired.resources().stream().filter(x -> x.address().equals(c.address())).findFirst();
            Optional<Kind> kind = r.flatMap(x -> run.kinds.of(x));
            Optional<Importer> importer = kind.flatMap(Kind::importer);
            Optional<String> scope = importer.flatMap(i -> i.scopeOf(r.get()));
            if (c.action() != Action.UPDATE) {
                problems.add(c.address() + ": " + c.action().word() + " on apply; adopt takes only resources that"
                        + " exist on the host with other values (remove or change the declaration by hand)");
            } else if (scope.isEmpty() || desired.locations().get(c.address()) == null) {
                problems.add(c.address() + ": its kind cannot read it back; adopt it by hand");
            } else {
                importers.put(kind.get().key(), importer.get());
                scopes.computeIfAbsent(kind.get().key(), k -> new LinkedHashSet<>()).add(scope.get());
                adoptable.add(c);
            }
        }
        if (adoptable.isEmpty()) {
            return List.of();
        }
        List<Engine.ImportRequest> requests = new ArrayList<>();
        scopes.forEach((k, s) -> requests.add(new Engine.ImportRequest(k, importers.get(k), List.copyOf(s))));
        HostInput input = run.hosts.stream().filter(i -> i.host().equals(h.host())).findFirst().orElseThrow();
        Engine engine = new Engine(run.kinds, run.desired.redactor(), new Engine.Options(1,
                java.time.Duration.ofSeconds(1), false), dev.plumb.engine.Progress.NONE, main.hooks());
        Engine.HostImport imported = engine.imports(List.of(input), requests, new ImportOptions(false, Map.of())).get(0);
        if (imported.error().isPresent()) {
            problems.add(h.host() + ": " + imported.error().get());
            return List.of();
        }
        imported.imported().values().forEach(i -> i.problems().forEach(p -> problems.add(h.host() + ": " + p)));
        Optional<ImportedPlaybook> doc = load(h.host(), imported.imported(), problems);
        if (doc.isEmpty()) {
            return List.of();
        }
        List<Adopter.Target> out = new ArrayList<>();
        for (Change c : adoptable) {
            Location at = desired.locations().get(c.address());
            Location there = doc.get().desired().host(h.host()).map(d -> d.locations().get(c.address())).orElse(null);
            if (there == null) {
                problems.add(c.address() + ": not found when its live state was read back");
            } else {
                out.add(new Adopter.Target(c.address().toString(), at.line(), at.column(), doc.get().text(),
                        there.line(), there.column(), c.address().kind().startsWith("postgres/")));
            }
        }
        return out;
    }

    private record ImportedPlaybook(String text, Desired desired) {}

    /** The host's import as a playbook, loaded (its secrets' variables set to stand-ins: values are never used). */
    private Optional<ImportedPlaybook> load(String host, Map<String, Imported> imported, List<String> problems) {
        ImportDocument.Result doc = ImportDocument.build(run.desired.inventory(), Map.of(host, imported), List.of());
        Map<String, String> env = new LinkedHashMap<>(main.env());
        imported.values().forEach(i -> i.secrets().stream().map(ImportedSecret::variable)
                .forEach(v -> env.put(v, "adopt-stand-in")));
        Path tmp = null;
        try {
            tmp = Files.createTempFile("plumb-adopt-", ".yml",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(tmp, doc.text());
            Loaded<Desired> loaded = Config.load(tmp, inputs.inventory, env, run.kinds.readers());
            if (!loaded.ok()) {
                loaded.diagnostics().forEach(d -> problems.add(host + ": the live state read back does not load: "
                        + d.summary()));
                return Optional.empty();
            }
            return Optional.of(new ImportedPlaybook(doc.text(), loaded.value().orElseThrow()));
        } catch (IOException e) {
            problems.add("cannot write a temporary file: " + LocalFile.why(e));
            return Optional.empty();
        } finally {
            deleteQuietly(tmp);
        }
    }

    /** The changes a plan of {@code text} (in place of the playbook) still shows on the run's hosts, if any. */
    private Optional<String> verify(Path playbook, String text, PrintWriter err) {
        Path dir = playbook.toAbsolutePath().normalize().getParent();
        Path tmp = null;
        try {
            tmp = Files.createTempFile(dir, ".plumb-adopt-", ".yml");
            Files.writeString(tmp, text);
            Inputs in = new Inputs();
            in.playbook = tmp;
            in.inventory = inputs.inventory;
            in.limit = inputs.limit;
            in.shard = inputs.shard;
            in.modules = inputs.modules;
            RunOptions quiet = options;
            Optional<Run> again = Run.prepare(in, quiet, main, key, SourceTree.DISK, false, err);
            if (again.isEmpty()) {
                return Optional.of("the edited playbook does not load (see above)");
            }
            Plan plan = Engine.toPlan(again.get().engine.run(again.get().hosts, Engine.Mode.DRIFT));
            List<String> left = new ArrayList<>();
            plan.hosts().forEach(h -> {
                h.error().ifPresent(e -> left.add(h.host() + ": " + e));
                h.changes().forEach(c -> left.add(c.label()));
            });
            return left.isEmpty() ? Optional.empty() : Optional.of(String.join(", ", left));
        } catch (IOException e) {
            return Optional.of("cannot write a temporary file beside " + playbook + ": " + LocalFile.why(e));
        } finally {
            deleteQuietly(tmp);
        }
    }

    private static void deleteQuietly(Path p) {
        try {
            if (p != null) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            // a temporary file that holds no secret
        }
    }

    private static int error(PrintWriter err, String message) {
        err.println("error: " + message);
        return ExitCode.ERROR;
    }
}

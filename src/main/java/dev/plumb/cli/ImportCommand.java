package dev.plumb.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;

import dev.plumb.config.InventoryLoader;
import dev.plumb.config.Loaded;
import dev.plumb.engine.Engine;
import dev.plumb.engine.HostInput;
import dev.plumb.imports.ImportDocument;
import dev.plumb.inventory.Inventory;
import dev.plumb.io.LocalFile;
import dev.plumb.model.Printable;
import dev.plumb.model.Redactor;
import dev.plumb.resource.ImportOptions;
import dev.plumb.resource.Imported;
import dev.plumb.resource.Importer;
import dev.plumb.resource.Kind;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Reads existing hosts' live state and writes it as a playbook. Read-only on the hosts. */
@Command(name = "import", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
            "Bring existing hosts under plumb: read their live state and write it as a playbook.",
            "",
            "Reads only; nothing on any host changes. Hosts with identical state share one play",
            "(for an inventory group holding exactly them, when there is one). Secrets never leave",
            "a host as values: a role password or a secret-looking file value becomes",
            "$${secret.NAME} with a secrets: entry reading an environment variable; the report lists",
            "them. Right after import, 'plumb plan' of the written file against the same hosts, with",
            "those variables set to the live values, is empty.",
            "System objects are never imported (the postgres role, pg_* roles, template databases,",
            "the admin's hba lines, settings at their defaults).",
            "",
            "Examples:",
            "  plumb import -i inventory/production.yml --hosts db -o playbooks/db.yml",
            "  plumb import -i inventory/production.yml --hosts web \\",
            "      --kinds files:/etc/flask,services:myapp -o playbooks/web.yml",
            "  plumb import -i inventory/production.yml --hosts db \\",
            "      --migrations flaskapp=playbooks/migrations/flaskapp -o playbooks/db.yml",
            "Exits 0 when the playbook was written, 1 on any problem (nothing is written then).",
        })
final class ImportCommand implements Callable<Integer> {
    @CommandLine.ParentCommand
    Main main;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = {"-i", "--inventory"}, required = true, paramLabel = "INVENTORY",
            description = "Inventory file: the hosts and how to reach them.")
    Path inventory;

    @Option(names = "--hosts", required = true, paramLabel = "PATTERN",
            description = "The hosts to import: a host, a group, or a pattern such as 'web:!web2'.")
    String hosts;

    @Option(names = "--kinds", paramLabel = "KIND[:SCOPE]", split = ",",
            description = {"What to import, comma-separated or repeated: postgres (the server's roles, databases,"
                    + " schemas, grants, default privileges, hba rules and changed settings), files:DIR (the regular"
                    + " files under DIR), services:UNIT. Default: postgres."})
    List<String> kinds = new ArrayList<>();

    @Option(names = "--migrations", paramLabel = "DATABASE=DIR",
            description = "The Flyway migrations folder of DATABASE: its applied history is checked against DIR and"
                    + " written as migrations:. Repeat for more databases.")
    Map<String, Path> migrations = new LinkedHashMap<>();

    @Option(names = "--exclusive",
            description = "Write exclusive: true for the imported scopes, so that a later plan also removes what"
                    + " appears there afterwards.")
    boolean exclusive;

    @Option(names = {"-o", "--out"}, paramLabel = "FILE",
            description = "Write the playbook to FILE (it must not exist yet); default: standard output.")
    Optional<Path> out = Optional.empty();

    @Mixin
    ConnectOptions options;

    @Override
    public Integer call() {
        PrintWriter stdout = Output.out(spec);
        PrintWriter err = Output.err(spec);
        try {
            return run(stdout, err);
        } finally {
            stdout.flush();
            err.flush();
        }
    }

    private int run(PrintWriter stdout, PrintWriter err) {
        Optional<String> bad = out.flatMap(ImportCommand::unwritable);
        if (bad.isPresent()) {
            return error(err, bad.get(), "name a new file, e.g. -o playbooks/imported.yml");
        }
        Optional<List<Engine.ImportRequest>> requests = requests(err);
        if (requests.isEmpty()) {
            return ExitCode.ERROR;
        }
        Map<String, ImportOptions.MigrationFolder> folders = new LinkedHashMap<>();
        for (var m : migrations.entrySet()) {
            if (!Files.isDirectory(m.getValue())) {
                return error(err, "--migrations " + Printable.line(m.getKey()) + "=" + m.getValue()
                        + ": not a directory", "name the folder of the database's V<version>__<name>.sql files");
            }
            folders.put(m.getKey(), new ImportOptions.MigrationFolder(m.getValue(), location(m.getValue())));
        }
        if (!Files.isRegularFile(inventory)) {
            return error(err, inventory + ": no such file", "name the inventory, e.g. -i inventory/production.yml");
        }
        Loaded<Inventory> loaded = InventoryLoader.load(inventory);
        if (!loaded.ok()) {
            Loading.report(loaded.diagnostics(), err);
            return ExitCode.ERROR;
        }
        Inventory inv = loaded.value().orElseThrow();
        Inventory.Selection sel = inv.select(hosts);
        if (!sel.problems().isEmpty()) {
            Loading.report(sel.problems(), err);
            return ExitCode.ERROR;
        }
        if (sel.hosts().isEmpty()) {
            return error(err, "--hosts " + Printable.line(hosts) + " matches no host in " + inventory,
                    "list the hosts and groups with: plumb hosts -i " + inventory);
        }
        List<HostInput> inputs = sel.hosts().stream().map(h -> new HostInput(h.name(),
                Loading.target(inv, h, options, main.env()), List.of(), Map.of())).toList();
        var progress = ConsoleProgress.create(err, inputs.stream().map(HostInput::host).toList(), options.quiet);
        Engine engine = new Engine(main.kinds(), Redactor.NONE, new Engine.Options(options.forks,
                java.time.Duration.ofSeconds(1), false), progress, main.hooks());
        List<Engine.HostImport> read = engine.imports(inputs, requests.get(), new ImportOptions(exclusive, folders));

        List<String> problems = new ArrayList<>();
        Map<String, Map<String, Imported>> byHost = new LinkedHashMap<>();
        for (Engine.HostImport h : read) {
            h.error().ifPresent(e -> problems.add(h.host() + ": " + e));
            h.imported().values().forEach(i -> i.problems().forEach(p -> problems.add(h.host() + ": " + p)));
            byHost.put(h.host(), h.imported());
        }
        List<String> absentNotes = new ArrayList<>();
        for (Engine.ImportRequest r : requests.get()) {
            for (String scope : r.scopes()) {
                String what = r.key() + (scope.isEmpty() ? "" : ":" + scope);
                List<String> without = read.stream().filter(h -> h.error().isEmpty())
                        .filter(h -> h.imported().get(r.key()).absent().contains(scope)).map(Engine.HostImport::host)
                        .toList();
                long answered = read.stream().filter(h -> h.error().isEmpty()).count();
                if (answered > 0 && without.size() == answered) {
                    problems.add(Printable.line(what) + " exists on none of the hosts"
                            + (scope.isEmpty() ? " (no server found)" : ""));
                } else {
                    without.forEach(h -> absentNotes.add(h + ": no " + Printable.line(what) + " there; nothing imported"
                            + " from it"));
                }
            }
        }
        if (!problems.isEmpty()) {
            problems.forEach(p -> err.println("error: " + Printable.block(p)));
            err.println(problems.size() + (problems.size() == 1 ? " problem" : " problems")
                    + "; nothing was written");
            return ExitCode.ERROR;
        }
        ImportDocument.Result doc;
        try {
            doc = ImportDocument.build(inv, byHost, header());
        } catch (IllegalStateException e) {
            return error(err, "the imported state cannot be written as a playbook: " + e.getMessage(), null);
        }
        if (out.isPresent()) {
            try {
                if (Files.exists(out.get())) { // checked again: it may have appeared while the hosts were read
                    return error(err, out.get() + " already exists; nothing was written", "name a new file");
                }
                LocalFile.writeAtomically(out.get(), doc.text().getBytes(StandardCharsets.UTF_8));
            } catch (IOException e) {
                return error(err, "cannot write " + out.get() + ": " + LocalFile.why(e), null);
            }
        } else {
            stdout.print(doc.text());
        }
        absentNotes.forEach(n -> err.println("note: " + n));
        report(doc, sel.hosts().size(), err);
        return ExitCode.OK;
    }

    /** The requests --kinds names, each scope checked by its kind; empty after the problems were printed. */
    private Optional<List<Engine.ImportRequest>> requests(PrintWriter err) {
        List<String> asked = kinds.isEmpty() ? List.of("postgres") : kinds;
        Map<String, Importer> importers = new LinkedHashMap<>();
        for (Kind k : main.kinds().all()) {
            k.importer().ifPresent(i -> importers.put(k.key(), i));
        }
        Map<String, List<String>> scopes = new LinkedHashMap<>();
        boolean ok = true;
        for (String entry : asked) {
            String e = entry.strip();
            int colon = e.indexOf(':');
            String key = colon < 0 ? e : e.substring(0, colon);
            String scope = colon < 0 ? "" : e.substring(colon + 1);
            Importer importer = importers.get(key);
            if (importer == null) {
                err.println("error: --kinds: unknown kind '" + Printable.line(key) + "'");
                err.println("  hint: kinds that import: " + String.join(", ", importers.keySet())
                        + " (files:DIR and services:UNIT take a scope)");
                ok = false;
                continue;
            }
            Optional<String> why = importer.checkScope(scope);
            if (why.isPresent()) {
                err.println("error: --kinds " + Printable.line(e) + ": " + why.get());
                ok = false;
                continue;
            }
            List<String> list = scopes.computeIfAbsent(key, x -> new ArrayList<>());
            if (!list.contains(scope)) {
                list.add(scope);
            }
        }
        if (!ok) {
            return Optional.empty();
        }
        List<Engine.ImportRequest> out = new ArrayList<>();
        scopes.forEach((key, s) -> out.add(new Engine.ImportRequest(key, importers.get(key), s)));
        return Optional.of(out);
    }

    private List<String> header() {
        return List.of("Imported by plumb import from " + inventory.getFileName() + " (hosts: " + hosts + ") on "
                        + LocalDate.now(ZoneOffset.UTC) + ".",
                "Review it, then check it with: plumb plan THIS_FILE -i " + inventory + " (empty right after import).");
    }

    private static void report(ImportDocument.Result doc, int hosts, PrintWriter err) {
        doc.notes().forEach(n -> err.println("note: " + Printable.block(n)));
        err.println("Imported " + hosts + " host" + (hosts == 1 ? "" : "s") + " into " + doc.plays() + " play"
                + (doc.plays() == 1 ? "" : "s") + ".");
        if (!doc.secrets().isEmpty()) {
            err.println("Secrets to set before plan (values were not read out):");
            doc.secrets().forEach(s -> err.println("  " + s.variable() + "  " + Printable.line(s.comment())));
        }
    }

    /** How the written playbook names {@code folder}: relative to the output file's directory. */
    private String location(Path folder) {
        Path base = out.map(o -> o.toAbsolutePath().normalize().getParent()).orElse(Path.of("").toAbsolutePath());
        return base.relativize(folder.toAbsolutePath().normalize()).toString();
    }

    private static Optional<String> unwritable(Path file) {
        Path dir = file.toAbsolutePath().normalize().getParent();
        if (dir == null || !Files.isDirectory(dir)) {
            return Optional.of("cannot write " + file + ": its directory does not exist");
        }
        return Files.exists(file, java.nio.file.LinkOption.NOFOLLOW_LINKS)
                ? Optional.of(file + " already exists; import never overwrites a file") : Optional.empty();
    }

    private static int error(PrintWriter err, String message, String hint) {
        err.println("error: " + message);
        if (hint != null) {
            err.println("  hint: " + hint);
        }
        return ExitCode.ERROR;
    }
}

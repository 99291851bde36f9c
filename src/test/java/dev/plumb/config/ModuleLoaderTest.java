package dev.plumb.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.plumb.io.SourceTree;
import dev.plumb.model.Diagnostic;
import dev.plumb.resource.Kinds;

/**
 * Module files are validated like playbooks, every problem at its file:line:col; the shipped
 * modules load; a playbook entry that breaks a module's schema, and a play key that names no kind,
 * are reported with hints.
 */
class ModuleLoaderTest {
    private static final Kinds BUILT_IN = Kinds.builtIn();

    private static List<String> problems(Loaded<?> loaded) {
        return loaded.diagnostics().stream().map(Diagnostic::render).toList();
    }

    @Test
    void theShippedModulesLoad() {
        Loaded<Kinds> loaded = Config.modules(BUILT_IN, List.of(Path.of("modules").toAbsolutePath()), List.of(),
                SourceTree.DISK);
        assertThat(problems(loaded)).isEmpty();
        assertThat(loaded.value().orElseThrow().readers().keySet())
                .contains("apt_package", "sysctl", "cron_entry", "alembic_upgrade");
    }

    @Test
    void everyProblemOfEveryModuleFileIsReportedAtItsPosition(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("bad.yml"), """
                name: files
                descripton: x
                version: 1
                keys:
                  name: {identity: true, type: strng}
                  size: {type: int, default: "abc"}
                  tag: {pattern: '[a-'}
                  pass: {secret: true, default: x}
                  good: {}
                read: echo
                create: ""
                compare: {keys: [nope], normalize: {good: [lowr]}}
                """);
        Files.writeString(dir.resolve("noid.yml"), """
                name: noid
                description: no identity
                version: 1
                keys:
                  value: {}
                read: echo
                create: echo
                update: echo
                """);
        Files.writeString(dir.resolve("ignored.txt"), "not a module");
        Loaded<Kinds> loaded = Config.modules(BUILT_IN, List.of(), List.of(dir), SourceTree.DISK);
        String bad = dir.resolve("bad.yml") + ":";
        assertThat(problems(loaded)).anySatisfy(p -> assertThat(p).startsWith(bad + "1:1:").contains("'description'"))
                .anySatisfy(p -> assertThat(p).startsWith(bad + "1:1:").contains("missing required key 'update'"))
                .anySatisfy(p -> assertThat(p).startsWith(bad + "1:7:").contains("already a play key"))
                .anySatisfy(p -> assertThat(p).startsWith(bad + "2:1:").contains("did you mean 'description'"))
                .anySatisfy(p -> assertThat(p).startsWith(bad + "5:32:").contains("did you mean 'string'"))
                .anySatisfy(p -> assertThat(p).startsWith(bad + "6:30:").contains("expected an integer"))
                .anySatisfy(p -> assertThat(p).startsWith(bad + "7:18:").contains("invalid pattern"))
                .anySatisfy(p -> assertThat(p).startsWith(bad + "8:33:").contains("a secret key has no default"))
                .anySatisfy(p -> assertThat(p).startsWith(bad + "11:9:").contains("the create snippet is empty"))
                .anySatisfy(p -> assertThat(p).startsWith(bad + "12:17:").contains("'nope' is not a key"))
                .anySatisfy(p -> assertThat(p).startsWith(bad + "12:44:").contains("did you mean 'lower'"))
                .anySatisfy(p -> assertThat(p).startsWith(dir.resolve("noid.yml") + ":5:3:")
                        .contains("no key is marked identity"));
        assertThat(loaded.value()).isEmpty();
    }

    @Test
    void aMissingModulesDirectoryNamedByTheOperatorIsAnError(@TempDir Path dir) {
        Loaded<Kinds> loaded = Config.modules(BUILT_IN, List.of(dir.resolve("absent")), List.of(dir.resolve("gone")),
                SourceTree.DISK);
        assertThat(problems(loaded)).singleElement().asString().contains("--modules " + dir.resolve("gone"),
                "no such directory");
    }

    @Test
    void playbookEntriesAreCheckedAgainstTheModuleSchema(@TempDir Path dir) throws IOException {
        Path inventory = dir.resolve("inventory.yml");
        Files.writeString(inventory, "hosts:\n  h1: {address: 198.18.0.11}\n");
        Path playbook = dir.resolve("playbook.yml");
        Files.writeString(playbook, """
                plays:
                  - hosts: h1
                    cron_entry:
                      - {name: "bad name", schedule: "* * *", comand: x}
                      - {name: ok, schedule: "@daily", command: x, user: 3}
                    alembic_upgrade:
                      - {name: app, directory: /srv/app, state: absent}
                    sysctls:
                      - {name: a.b, value: "1"}
                """);
        Kinds kinds = Config.modules(BUILT_IN, List.of(Path.of("modules").toAbsolutePath()), List.of(),
                SourceTree.DISK).value().orElseThrow();
        // Each module kind names its file and hash, which a saved plan fingerprints like the playbook.
        assertThat(kinds.all().stream().flatMap(k -> k.sources().stream()).map(s -> s.path().getFileName().toString()))
                .contains("cron_entry.yml", "sysctl.yml", "apt_package.yml", "alembic_upgrade.yml");
        Loaded<Desired> loaded = Config.load(playbook, inventory, Map.of(), kinds.readers());
        String at = playbook + ":";
        assertThat(problems(loaded))
                .anySatisfy(p -> assertThat(p).startsWith(at + "4:9:").contains("missing required key 'command'"))
                .anySatisfy(p -> assertThat(p).startsWith(at + "4:16:").contains("does not match the pattern"))
                .anySatisfy(p -> assertThat(p).startsWith(at + "4:38:").contains("does not match the pattern"))
                .anySatisfy(p -> assertThat(p).startsWith(at + "4:47:").contains("did you mean 'command'"))
                .anySatisfy(p -> assertThat(p).startsWith(at + "5:58:").contains("user '3' does not match"))
                .anySatisfy(p -> assertThat(p).startsWith(at + "7:49:").contains("cannot remove objects"))
                .anySatisfy(p -> assertThat(p).startsWith(at + "8:5:").contains("no such resource kind",
                        "did you mean 'sysctl'"));
    }
}

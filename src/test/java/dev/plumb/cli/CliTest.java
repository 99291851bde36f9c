package dev.plumb.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line without hosts: version, help, completion, validate, hosts, bad input. */
class CliTest {
    private static final Path FLASKAPP = Path.of("playbooks/flaskapp.yml");
    private static final Path INVENTORY = Path.of("src/test/resources/config/lab-inventory.yml");
    private static final Map<String, String> SECRETS = Map.of(
            "FLASKAPP_DB_PASSWORD", "app-pw-Q7", "PLUMB_PG_ADMIN_PASSWORD", "admin-pw-Z9");

    @Test
    void versionNamesPlumbAndItsVersion() {
        Cli.Result r = Cli.run("--version");
        assertThat(r.exit()).isZero();
        assertThat(r.out()).matches("(?s)plumb \\d+\\.\\d+\\.\\d+.*");
    }

    @ParameterizedTest
    @ValueSource(strings = {"validate", "hosts", "plan", "apply", "drift", "import", "verify", "modules", "history",
            "status", "completion"})
    void everyCommandHasHelpThatTeaches(String command) {
        Cli.Result r = Cli.run(command, "--help");
        assertThat(r.exit()).isZero();
        assertThat(r.out()).startsWith("Usage: plumb " + command);
        assertThat(r.out().lines().count()).isGreaterThan(6);
    }

    @Test
    void topLevelHelpListsCommandsAndExitCodes() {
        Cli.Result r = Cli.run("--help");
        assertThat(r.out()).contains("validate", "plan", "apply", "drift", "hosts", "completion",
                "Exit codes:", "2  changes present");
    }

    @Test
    void completionIsABashScriptForEveryCommand() {
        Cli.Result r = Cli.run("completion");
        assertThat(r.exit()).isZero();
        assertThat(r.out()).contains("complete -F", "validate", "drift", "--inventory", "--limit");
    }

    @Test
    void theFlaskappPlaybookIsValid() {
        Cli.Result r = Cli.run(SECRETS, "validate", FLASKAPP.toString(), "-i", INVENTORY.toString());
        assertThat(r.exit()).as("%s", r).isZero();
        assertThat(r.out()).contains("is valid: 2 plays, 3 hosts");
    }

    @Test
    void modulesListsTheShippedModulesWithTheirSchemas() {
        Cli.Result r = Cli.run("modules");
        assertThat(r.exit()).as("%s", r).isZero();
        assertThat(r.out()).contains("apt_package", "sysctl", "cron_entry", "alembic_upgrade", "schedule", "identity");
    }

    @Test
    void validateWarnsOfAShortSecretWithoutFailing() {
        Cli.Result r = Cli.run(Map.of("FLASKAPP_DB_PASSWORD", "pw1", "PLUMB_PG_ADMIN_PASSWORD", "admin-pw-Z9"),
                "validate", FLASKAPP.toString(), "-i", INVENTORY.toString());
        assertThat(r.exit()).as("%s", r).isZero();
        assertThat(r.err()).contains("warning: secret 'db_password' is shorter than 8 characters").doesNotContain("pw1");
    }

    @Test
    void aTypoIsReportedWithFileLineColumnAndAHint() {
        Path typo = Path.of("src/test/resources/config/bad/unknown-key.yml");
        Cli.Result r = Cli.run("validate", typo.toString(), "-i", INVENTORY.toString());
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).contains(typo + ":6:9: error: unknown key 'ownr'", "hint: did you mean 'owner'?");
        assertThat(r.all()).doesNotContain("Exception", "\tat ");
    }

    @Test
    void missingSecretsAreProblemsWithoutAStackTrace() {
        Cli.Result r = Cli.run("validate", FLASKAPP.toString(), "-i", INVENTORY.toString());
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).contains("FLASKAPP_DB_PASSWORD", "PLUMB_PG_ADMIN_PASSWORD");
        assertThat(r.all()).doesNotContain("Exception");
    }

    @Test
    void missingFilesAndUnknownOptionsAreOneLineErrors() {
        Cli.Result r = Cli.run("plan", "nope.yml", "-i", INVENTORY.toString());
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).contains("error: playbook 'nope.yml' not found");
        r = Cli.run("plan", FLASKAPP.toString(), "-i", INVENTORY.toString(), "--forkz", "3");
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).contains("Unknown option", "'--forkz'", "Possible solutions: --forks");
    }

    @Test
    void hostsShowsControlCharactersOfTheInventoryAsEscapes(@TempDir Path dir) throws IOException {
        Path inv = Files.writeString(dir.resolve("inventory.yml"), """
                hosts:
                  web1:
                    address: "198.51.100.7\\e]0;pwned\\a"
                    user: "root\\e[8m"
                    vars: {motd: "hi\\e[2J\\nweb2  root@evil:22"}
                """);
        Cli.Result r = Cli.run("hosts", "-i", inv.toString());
        assertThat(r.exit()).as("%s", r).isZero();
        assertThat(r.out()).isEqualTo("""
                web1  root\\u001b[8m@198.51.100.7\\u001b]0;pwned\\u0007:22
                    groups:\s
                    motd: hi\\u001b[2J\\nweb2  root@evil:22
                1 host.
                """);
        // Problems quote what they found, escaped too.
        Files.writeString(inv, Files.readString(inv).replace("motd", "\"m\\x9b\\e[1A\""));
        r = Cli.run("hosts", "-i", inv.toString());
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).contains("'m\\u009b\\u001b[1A' is not a valid variable name");
        assertThat(r.all()).doesNotContain("\u001b", "\u009b");
    }

    @Test
    void hostsListsResolvedHostsGroupsAndVars() {
        Cli.Result r = Cli.run("hosts", "-i", INVENTORY.toString());
        assertThat(r.exit()).isZero();
        assertThat(r.out()).contains("host1", "host2", "host3", "groups: db", "3 hosts.");
        r = Cli.run("hosts", "-i", INVENTORY.toString(), "--limit", "web:!host3");
        assertThat(r.out()).contains("host2").doesNotContain("host3 ").contains("1 host.");
        r = Cli.run("hosts", "-i", INVENTORY.toString(), "--limit", "nosuch");
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).contains("nosuch");
    }

    @Test
    void planAndDriftSpeakMarkdownForPullRequests(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws java.io.IOException {
        // A play whose host declares nothing needs no connection: the report is the one-line form.
        java.nio.file.Path book = dir.resolve("empty.yml");
        java.nio.file.Files.writeString(book, "plays:\n  - hosts: host1\n");
        Cli.Result plan = Cli.run(Map.of("PLUMB_PLAN_KEY", "k".repeat(32)), "plan", book.toString(), "-i",
                INVENTORY.toString(), "-q", "--format", "markdown");
        assertThat(plan.exit()).as("%s", plan).isZero();
        assertThat(plan.out()).isEqualTo("**Plan:** no changes; 1 host match the desired state.\n");
        Cli.Result drift = Cli.run(Map.of("PLUMB_PLAN_KEY", "k".repeat(32)), "drift", book.toString(), "-i",
                INVENTORY.toString(), "-q", "--format", "bogus");
        assertThat(drift.exit()).isEqualTo(1);
        assertThat(drift.err()).contains("--format", "text, json, markdown");
    }

    @Test
    void historyAndStatusOutsideARepositoryAreOneLineErrors(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) {
        String inv = dir.resolve("inv.yml").toString();
        Cli.Result history = Cli.run("history", "-i", inv);
        assertThat(history.exit()).isEqualTo(1);
        assertThat(history.err()).startsWith("error: " + inv + " is not in a git repository");
        Cli.Result status = Cli.run("status", "-i", inv);
        assertThat(status.exit()).isEqualTo(1);
        assertThat(status.err()).isEqualTo("error: " + inv + " is not in a git repository\n");
        assertThat(Cli.run("history", "--limit", "0", "-i", inv).err()).contains("--limit must be at least 1");
    }
}

package dev.plumb.resource.module;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.plumb.cli.Cli;
import dev.plumb.cli.Workspace;
import dev.plumb.lab.Lab;
import dev.plumb.lab.LabHost;
import dev.plumb.lab.LabHosts;

/**
 * A module's parameters are inert and its secrets private, on a real host: a value holding
 * {@code $(...)}, backquotes, quotes and newlines is written byte for byte and runs nothing; a
 * secret parameter reaches its snippet (on stdin) but no process's argv or environment while the
 * apply runs, and no output, not even a failing snippet's stderr; and reading many objects costs
 * no SSH round trip beyond the host's one read.
 */
@LabHosts(count = 2)
class ModuleSafetyLabTest {
    private static final String NOTE = """
            name: note
            description: a file holding a text and a token, for plumb's safety test
            version: 1
            keys:
              name: {identity: true, pattern: '[a-z0-9-]+'}
              text: {required: true}
              token: {secret: true}
            read: |
              f=/var/tmp/plumb-note-$PLUMB_NAME
              [ -f "$f" ] || exit 0
              /usr/bin/python3 -c 'import json, sys; print(json.dumps({"text": open(sys.argv[1]).read()}))' "$f"
            create: &write |
              printf '%s' "$PLUMB_TEXT" | base64 | plumb_write "/var/tmp/plumb-note-$PLUMB_NAME" root root 0600
              plumb_secret token | base64 | plumb_write "/var/tmp/plumb-note-$PLUMB_NAME.token" root root 0600
              sleep "${PLUMB_SLEEP:-0}"
            update: *write
            delete: |
              plumb_remove "/var/tmp/plumb-note-$PLUMB_NAME"
              plumb_remove "/var/tmp/plumb-note-$PLUMB_NAME.token"
            """;
    private static final String FAIL = """
            name: failing
            description: a module whose create fails after printing its secret, for plumb's safety test
            version: 1
            keys:
              name: {identity: true}
              token: {secret: true, required: true}
            read: "true"
            create: |
              echo "about to fail with $(plumb_secret token)" >&2
              exit 7
            update: "exit 7"
            """;
    private static final String TEXT = "a $(touch /tmp/plumb-pwned) `touch /tmp/plumb-pwned2` 'q' \"dq\" ${HOME} \\\\ end\n"
            + "second line; touch /tmp/plumb-pwned3\n";

    private final Lab lab;
    private final LabHost host;

    ModuleSafetyLabTest(Lab lab) {
        this.lab = lab;
        this.host = lab.host(2);
    }

    @AfterEach
    void clean() {
        lab.ssh(host, "rm -f /var/tmp/plumb-note-* /tmp/plumb-pwned*").orThrow();
    }

    @Test
    void parametersAreInertAndSecretsStayOffArgvEnvironmentAndOutput(@TempDir Path dir) throws Exception {
        String secret = "tok-" + System.nanoTime() + "-s3cr3t";
        Workspace ws = new Workspace(lab, dir).env("PLUMB_NOTE_TOKEN", secret);
        ws.inventory(List.of(host), "root", "none", lab.knownHosts());
        ws.write("modules/note.yml", NOTE.replace("sleep \"${PLUMB_SLEEP:-0}\"", "sleep 3"));
        ws.playbook("""
                secrets:
                  token: {env: PLUMB_NOTE_TOKEN}
                plays:
                  - hosts: web
                    note:
                      - {name: one, text: %s, token: "${secret.token}"}
                """.formatted(yaml(TEXT)));

        CompletableFuture<Cli.Result> apply = CompletableFuture.supplyAsync(() -> ws.plumb("apply"));
        List<String> seen = new ArrayList<>();
        boolean sawSnippet = false;
        while (!apply.isDone()) {
            String ps = lab.ssh(host, "ps -eo args; cat /proc/[0-9]*/environ 2>/dev/null | tr '\\0' '\\n'").out();
            sawSnippet |= ps.contains("plumb note create");
            if (ps.contains(secret)) {
                seen.add(ps);
            }
            Thread.sleep(200);
        }
        Cli.Result result = apply.get();
        assertThat(result.exit()).as("%s", result).isZero();
        assertThat(sawSnippet).as("the create snippet was seen running").isTrue();
        assertThat(seen).as("the secret in a process's argv or environment").isEmpty();
        assertThat(result.all()).doesNotContain(secret);

        assertThat(lab.ssh(host, "cat /var/tmp/plumb-note-one; echo END").orThrow().out()).startsWith(TEXT + "END");
        assertThat(lab.ssh(host, "cat /var/tmp/plumb-note-one.token").orThrow().out()).isEqualTo(secret);
        assertThat(lab.ssh(host, "ls /tmp/plumb-pwned* 2>/dev/null || echo none").orThrow().out().strip())
                .isEqualTo("none");

        Cli.Result plan = ws.plumb("plan");
        assertThat(plan.exit()).as("read back through JSON, the text matches: %s", plan).isZero();
        assertThat(plan.all()).doesNotContain(secret);
    }

    @Test
    void aFailingSnippetShowsItsExitAndMaskedStderr(@TempDir Path dir) {
        String secret = "tok-" + System.nanoTime() + "-s3cr3t";
        Workspace ws = new Workspace(lab, dir).env("PLUMB_NOTE_TOKEN", secret);
        ws.inventory(List.of(host), "root", "none", lab.knownHosts());
        ws.write("modules/failing.yml", FAIL);
        ws.playbook("""
                secrets:
                  token: {env: PLUMB_NOTE_TOKEN}
                plays:
                  - hosts: web
                    failing:
                      - {name: x, token: "${secret.token}"}
                """);
        Cli.Result apply = ws.plumb("apply");
        assertThat(apply.exit()).isEqualTo(1);
        assertThat(apply.all()).contains("failing x: create exited 7", "about to fail with (sensitive")
                .doesNotContain(secret);
    }

    @Test
    void readsOfManyObjectsShareTheHostsOneReadRoundTrip(@TempDir Path dir) {
        Workspace ws = new Workspace(lab, dir);
        ws.inventory(List.of(host), "root", "none", lab.knownHosts());
        ws.write("modules/note.yml", NOTE);
        StringBuilder notes = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            notes.append("          - {name: n").append(i).append(", text: x}\n");
        }
        ws.playbook("""
                plays:
                  - hosts: web
                    files:
                      - {path: /var/tmp/plumb-note-file, content: "x\\n"}
                    note:
                %s""".formatted(notes));
        Cli.Result plan = ws.plumb("plan", "--verbose");
        assertThat(plan.exit()).as("%s", plan).isEqualTo(2);
        assertThat(plan.changeLines()).hasSize(9);
        assertThat(plan.err()).contains(host.name() + ": 1 SSH round trip,");
    }

    /** {@code s} as a YAML double-quoted scalar, with {@code ${} kept literal ({@code $${}). */
    private static String yaml(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n").replace("${", "$${") + "\"";
    }
}

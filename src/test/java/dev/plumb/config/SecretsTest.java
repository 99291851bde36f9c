package dev.plumb.config;

import static dev.plumb.config.Fixtures.ENV;
import static dev.plumb.config.Fixtures.ROOT;
import static dev.plumb.config.Fixtures.SECRET;
import static org.assertj.core.api.Assertions.assertThat;

import dev.plumb.model.Diagnostic;
import dev.plumb.model.Sensitive;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A secret's value never reaches a diagnostic or a {@code toString()}. */
class SecretsTest {

    @Test
    void noDiagnosticShowsTheSecretEvenAboutTheLineThatUsesIt() {
        Path leak = ROOT.resolve("secrets/leak.yml");
        Loaded<Desired> loaded = Config.load(leak, Fixtures.LAB_INVENTORY, ENV);
        String rendered = Fixtures.render(loaded);

        assertThat(loaded.value()).isEmpty();
        assertThat(rendered).doesNotContain(SECRET).doesNotContain("XyZZy");
        // Each bad line that uses the secret is reported, so the check above is not vacuous.
        assertThat(loaded.diagnostics()).extracting(d -> d.location().orElseThrow().line() + ": " + d.message())
                .containsExactly(
                        "9: 'name' cannot use a secret: it is shown in plans and output",
                        "10: 'owner' cannot use a secret: it is shown in plans and output",
                        "10: 'connection_limit' cannot use a secret: it is shown in plans and output",
                        "12: 'login' cannot use a secret: it is shown in plans and output",
                        "12: 'valid_until' cannot use a secret: it is shown in plans and output",
                        "15: 'path' cannot use a secret: it is shown in plans and output",
                        "16: invalid mode '(sensitive)': expected 3 or 4 octal digits such as \"0644\"",
                        "16: unknown variable 'vars.nope' (hosts host2, host3)",
                        "18: invalid state '(sensitive)'",
                        "18: unknown secret 'tokn'");
        assertThat(loaded.diagnostics()).map(Diagnostic::toString).noneMatch(s -> s.contains(SECRET));
    }

    @Test
    void loadedSpecsNeverShowSecretsInToString() {
        Desired site = Fixtures.loadClean(ROOT.resolve("good/site.yml"), ROOT.resolve("good/inventory.yml"));
        Desired flask = Fixtures.loadClean(Path.of("playbooks/flaskapp.yml"), Fixtures.LAB_INVENTORY);
        List<String> secrets = List.of(Fixtures.DB_PASSWORD, "adm1n-pw", ENV.get("FLASKAPP_DB_PASSWORD"),
                ENV.get("PLUMB_PG_ADMIN_PASSWORD"));
        for (Desired desired : List.of(site, flask)) {
            assertThat(desired.hosts()).isNotEmpty();
            for (HostDesired host : desired.hosts()) {
                assertThat(host.resources()).isNotEmpty();
                host.resources().forEach(r -> assertThat(r.toString()).doesNotContain(secrets));
                assertThat(host.toString()).doesNotContain(secrets);
            }
            assertThat(desired.toString()).doesNotContain(secrets);
        }
        // ...while the values are there for whoever writes them out.
        assertThat(flask.host("host2").orElseThrow().toString()).contains(Sensitive.MASK);
        assertThat(flask.redactor().redact("pw=" + ENV.get("FLASKAPP_DB_PASSWORD"))).isEqualTo("pw=(sensitive)");
    }

    @Test
    void secretFromFileLosesItsTrailingNewline() {
        Desired site = Fixtures.loadClean(ROOT.resolve("good/site.yml"), ROOT.resolve("good/inventory.yml"));
        assertThat(site.host("db1").orElseThrow().postgres().orElseThrow().adminPassword().reveal()).isEqualTo("adm1n-pw");
    }

    @Test
    void aMissingSecretIsNamedWithWhereItIsDeclared() {
        Loaded<Desired> loaded = Config.load(ROOT.resolve("good/site.yml"), ROOT.resolve("good/inventory.yml"),
                Map.of());
        assertThat(loaded.diagnostics()).hasSize(1);
        assertThat(loaded.diagnostics().get(0).render()).isEqualTo(ROOT.resolve("good/site.yml")
                + ":3:22: error: secret 'db_password': environment variable TEST_DB_PASSWORD is not set\n"
                + "  hint: set TEST_DB_PASSWORD in plumb's environment");
    }

    @Test
    void aShortSecretLoadsWithAWarningThatNamesItButNotItsValue(@org.junit.jupiter.api.io.TempDir Path tmp)
            throws Exception {
        Path playbook = java.nio.file.Files.writeString(tmp.resolve("short.yml"), """
                secrets:
                  pin: {env: SHORT_PIN}
                  long: {env: LONG_ONE}
                plays:
                  - hosts: web
                    files:
                      - {path: /etc/app.env, env: {PIN: "${secret.pin}", OTHER: "${secret.long}"}}
                """);
        Loaded<Desired> loaded = Config.load(playbook, Fixtures.LAB_INVENTORY,
                Map.of("SHORT_PIN", "4711", "LONG_ONE", "a-long-enough-secret"));
        assertThat(loaded.ok()).isTrue();
        assertThat(loaded.diagnostics()).isEmpty();
        assertThat(loaded.warnings()).singleElement().satisfies(w -> {
            assertThat(w.render()).startsWith(playbook + ":2:3: warning: secret 'pin' is shorter than 8 characters")
                    .doesNotContain("4711");
        });
    }

    @Test
    void passwordNullDeclaresARoleWithoutPassword(@org.junit.jupiter.api.io.TempDir Path tmp) throws Exception {
        Path playbook = java.nio.file.Files.writeString(tmp.resolve("nopw.yml"), """
                secrets:
                  admin: {env: ADMIN_PW}
                plays:
                  - hosts: db
                    postgres:
                      admin: {password: "${secret.admin}"}
                      roles:
                        - {name: reader, password: null}
                        - {name: writer}
                """);
        Loaded<Desired> loaded = Config.load(playbook, Fixtures.LAB_INVENTORY, Map.of("ADMIN_PW", "a-long-admin-pw"));
        assertThat(loaded.diagnostics()).isEmpty();
        var roles = loaded.value().orElseThrow().host("host1").orElseThrow()
                .resources(dev.plumb.resource.postgres.RoleSpec.class);
        assertThat(roles).extracting(r -> r.name() + ":" + r.noPassword() + ":" + r.password().isPresent())
                .containsExactly("reader:true:false", "writer:false:false");
    }
}

package dev.plumb.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.plumb.model.Diagnostic;
import dev.plumb.resource.postgres.PostgresServer;
import dev.plumb.transport.jdbc.PgSecurity;

/** The postgres block's connection keys: direct, sslmode, sslrootcert, allow_cleartext_password. */
class PostgresConnectionTest {
    static final Path CA = Fixtures.ROOT.resolve("tls/ca.pem");

    @TempDir
    Path dir;

    Loaded<Desired> load(String connection) throws IOException {
        return Fixtures.loadPostgres(dir, connection.indent(0) + "roles: [{name: app}]\n");
    }

    PgSecurity security(String connection) throws IOException {
        Loaded<Desired> loaded = load(connection);
        assertThat(loaded.diagnostics()).as(Fixtures.render(loaded)).isEmpty();
        PostgresServer server = loaded.value().orElseThrow().host("host1").orElseThrow().postgres().orElseThrow();
        return server.connection().security();
    }

    String problems(String connection) throws IOException {
        Loaded<Desired> loaded = load(connection);
        assertThat(loaded.value()).isEmpty();
        return loaded.diagnostics().stream().map(Diagnostic::render).reduce("", (a, b) -> a + b + "\n");
    }

    @Test
    void directIsVerifyFullUnlessAWeakerModeIsWritten() throws IOException {
        assertThat(security("direct: \"${host.address}:5432\""))
                .isEqualTo(new PgSecurity("verify-full", java.util.Optional.empty(), false));
        assertThat(security("direct: \"${host.address}:5432\"\nsslmode: require").sslmode()).isEqualTo("require");
        assertThat(security("").sslmode()).as("through the SSH tunnel").isEqualTo("disable");
    }

    @Test
    void sslrootcertIsReadAtLoadTimeRelativeToThePlaybook() throws IOException {
        Files.copy(CA, dir.resolve("ca.pem"));
        PgSecurity s = security("direct: \"${host.address}:5432\"\nsslrootcert: ca.pem\nallow_cleartext_password: true");
        assertThat(s.rootCertificates()).contains(Files.readString(CA));
        assertThat(s.allowCleartextPassword()).isTrue();
        assertThat(security("sslmode: verify-ca\nsslrootcert: ca.pem").rootCertificates()).isPresent();
    }

    @Test
    void aBadOrUnusedSslrootcertIsAnError() throws IOException {
        assertThat(problems("direct: \"${host.address}:5432\"\nsslrootcert: missing.pem"))
                .contains("8:20: error: sslrootcert file '" + dir.resolve("missing.pem") + "' not found");
        Files.writeString(dir.resolve("junk.pem"), "not a certificate\n");
        assertThat(problems("direct: \"${host.address}:5432\"\nsslrootcert: junk.pem"))
                .contains("8:20: error: sslrootcert file is not a list of PEM certificates");
        Files.copy(CA, dir.resolve("ca.pem"));
        assertThat(problems("sslrootcert: ca.pem")).contains("7:20: error: sslrootcert is unused with sslmode"
                + " disable (the default through the SSH tunnel)");
        assertThat(problems("direct: \"${host.address}:5432\"\nsslmode: disable\nsslrootcert: ca.pem"))
                .contains("9:20: error: sslrootcert is unused with sslmode disable\n");
    }

    @Test
    void connectionKeysBelongWithAdmin() throws IOException {
        Path playbook = dir.resolve("site.yml");
        Files.writeString(playbook, """
                plays:
                  - hosts: db
                    postgres:
                      sslrootcert: ca.pem
                      allow_cleartext_password: true
                """);
        Loaded<Desired> loaded = Config.load(playbook, Fixtures.LAB_INVENTORY.toAbsolutePath(), Fixtures.ENV);
        assertThat(Fixtures.render(loaded)).contains("'sslrootcert' belongs with 'admin'",
                "'allow_cleartext_password' belongs with 'admin'");
    }
}

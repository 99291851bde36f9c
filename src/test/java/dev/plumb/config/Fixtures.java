package dev.plumb.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.plumb.model.Diagnostic;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Collectors;

/** Paths and environment shared by the config tests. */
final class Fixtures {
    static final Path ROOT = Path.of("src/test/resources/config");
    static final Path LAB_INVENTORY = ROOT.resolve("lab-inventory.yml");
    static final String SECRET = "XyZZy-s3cret-Value-42";
    static final String DB_PASSWORD = "db-S3cret!pw";
    static final Map<String, String> ENV = Map.of(
            "PLUMB_TEST_SECRET", SECRET,
            "TEST_DB_PASSWORD", DB_PASSWORD,
            "FLASKAPP_DB_PASSWORD", "flask-pw-0451",
            "PLUMB_PG_ADMIN_PASSWORD", "pg-admin-pw-0452");

    private Fixtures() {
    }

    static String render(Loaded<?> loaded) {
        return loaded.diagnostics().stream().map(Diagnostic::render).collect(Collectors.joining("\n"));
    }

    /** Loads and asserts there is no diagnostic, showing them all if there are. */
    static Desired loadClean(Path playbook, Path inventory) {
        Loaded<Desired> loaded = Config.load(playbook, inventory, ENV);
        assertThat(loaded.diagnostics()).as(render(loaded)).isEmpty();
        return loaded.value().orElseThrow();
    }

    /**
     * Writes {@code site.yml} in {@code dir}: one play on group {@code db} whose {@code postgres:}
     * holds the admin and then {@code body}, the rest of that mapping unindented; loads it with
     * the lab inventory and {@link #ENV}.
     */
    static Loaded<Desired> loadPostgres(Path dir, String body) throws IOException {
        Path playbook = Files.writeString(dir.resolve("site.yml"), """
                secrets:
                  admin: {env: PLUMB_PG_ADMIN_PASSWORD}
                plays:
                  - hosts: db
                    postgres:
                      admin: {password: "${secret.admin}"}
                """ + body.indent(6));
        return Config.load(playbook, LAB_INVENTORY.toAbsolutePath(), ENV);
    }
}

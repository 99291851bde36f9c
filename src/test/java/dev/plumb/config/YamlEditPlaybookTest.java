package dev.plumb.config;

import static dev.plumb.config.YamlEditTest.path;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What {@code plumb drift --adopt} would write into the flaskapp playbook: only the drifted values change. */
class YamlEditPlaybookTest {

    @Test
    void adoptsLiveValuesIntoTheFlaskappPlaybook() throws IOException {
        String text = Files.readString(YamlEditPropertyTest.FLASKAPP);
        String unit = ((String) YamlEditTest.at(text, "plays", 1, "services", 0, "unit"))
                .replace("--workers ${vars.workers}", "--workers 8");
        String out = YamlEdit.of(text)
                .set(path("plays", 0, "postgres", "settings", "listen_addresses", "value"), "localhost")
                .set(path("plays", 0, "postgres", "roles", 0, "settings", "timezone"), "Europe/Berlin")
                .set(path("plays", 0, "postgres", "roles", 0, "settings", "work_mem"), "64MB")
                .set(path("plays", 0, "postgres", "roles", 0, "connection_limit"), 20)
                .set(path("plays", 0, "postgres", "databases", 0, "encoding"), "SQL_ASCII")
                .set(path("plays", 0, "postgres", "grants", 0, "privileges"), java.util.List.of("CONNECT", "TEMP"))
                .set(path("plays", 1, "files", 1, "mode"), "0640")
                .set(path("plays", 1, "files", 1, "env", "FLASK_ENV"), "staging")
                .set(path("plays", 1, "files", 1, "env", "LOG_LEVEL"), "info")
                .remove(path("plays", 1, "files", 0, "notify"))
                .set(path("plays", 1, "services", 0, "unit"), unit)
                .set(path("plays", 1, "services", 0, "enabled"), false)
                .text();
        String expected = text
                .replace("listen_addresses: {value: \"*\", restart: true}",
                        "listen_addresses: {value: \"localhost\", restart: true}")
                .replace("            timezone: UTC\n",
                        "            timezone: Europe/Berlin\n            work_mem: 64MB\n          connection_limit: 20\n")
                .replace("owner: postgres, encoding: UTF8}", "owner: postgres, encoding: SQL_ASCII}")
                .replace("{role: flaskapp, privileges: [ALL], on: {database: \"${vars.db_name}\"}}",
                        "{role: flaskapp, privileges: [CONNECT, TEMP], on: {database: \"${vars.db_name}\"}}")
                .replace("mode: \"0600\"", "mode: \"0640\"")
                .replace("          FLASK_ENV: production\n", "          FLASK_ENV: staging\n          LOG_LEVEL: info\n")
                .replace("        source: app/wsgi.py\n        notify: [myapp]\n", "        source: app/wsgi.py\n")
                .replace("--workers ${vars.workers}", "--workers 8")
                .replace("        enabled: true\n", "        enabled: false\n");
        assertThat(out).isEqualTo(expected);
        YamlEditTest.assertOnlyLinesChanged(text, out, 18, 26, 28, 32, 45, 48, 51, 64, 68);
        assertThat(YamlEditTest.at(out, "plays", 0, "postgres", "roles", 0))
                .isEqualTo(Map.of("name", "flaskapp", "login", true, "password", "${secret.db_password}",
                        "connection_limit", 20, "settings", Map.of("client_encoding", "utf8",
                                "default_transaction_isolation", "read committed", "timezone", "Europe/Berlin",
                                "work_mem", "64MB")));
    }

    @Test
    void findsTheValueAtADiagnosticsPosition() {
        String text = YamlEditTest.ROLES;
        YamlEdit edit = YamlEdit.of(text);
        assertThat(edit.pathAt(9, 33)).contains(path("postgres", "roles", 2, "login"));
        assertThat(edit.pathAt(13, 14)).contains(path("postgres", "databases", 0, "owner"));
    }
}

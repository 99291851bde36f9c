package dev.plumb.imports;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;

import dev.plumb.config.Config;
import dev.plumb.config.Desired;
import dev.plumb.config.InventoryLoader;
import dev.plumb.config.Loaded;
import dev.plumb.inventory.Inventory;
import dev.plumb.model.Sensitive;
import dev.plumb.resource.Imported;
import dev.plumb.resource.ImportedSecret;
import dev.plumb.resource.file.FileContent;
import dev.plumb.resource.file.FileSpec;

/** Per-host imports made into one playbook: identical hosts share a play, secrets are named once, the text loads. */
class ImportDocumentTest {
    private static final Path INVENTORY = Path.of("src/test/resources/config/lab-inventory.yml");
    private final Inventory inventory = InventoryLoader.load(INVENTORY).value().orElseThrow();

    private static Imported files(String content, ImportedSecret... secrets) {
        Map<String, Object> file = new LinkedHashMap<>();
        file.put("path", "/etc/app/app.conf");
        file.put("content", content);
        file.put("mode", "0600");
        return new Imported(List.of(file), List.of(secrets), List.of(), List.of());
    }

    private static ImportedSecret secret(String value) {
        return ImportedSecret.read("app_conf", "content of /etc/app/app.conf", Sensitive.of(value));
    }

    private static Map<String, Map<String, Imported>> hosts(Object... hostAndImport) {
        Map<String, Map<String, Imported>> out = new LinkedHashMap<>();
        for (int i = 0; i < hostAndImport.length; i += 2) {
            out.put((String) hostAndImport[i], Map.of("files", (Imported) hostAndImport[i + 1]));
        }
        return out;
    }

    @Test
    void identicalHostsShareOnePlayNamedByTheirGroup() {
        ImportDocument.Result r = ImportDocument.build(inventory, hosts(
                "host3", files("same\n"), "host2", files("same\n"), "host1", files("other\n")), List.of("header"));
        assertThat(r.plays()).isEqualTo(2);
        Map<String, Object> doc = new Yaml().load(r.text());
        List<Map<String, Object>> plays = (List<Map<String, Object>>) doc.get("plays");
        assertThat(plays).extracting(p -> p.get("hosts")).containsExactly("db", "web");
        assertThat(r.text()).startsWith("# header\n");
    }

    @Test
    void aSecretWithAnotherValueOnAnotherHostGetsItsOwnName() {
        ImportDocument.Result r = ImportDocument.build(inventory, hosts(
                "host2", files("${secret.app_conf}", secret("s3cr3t-one")),
                "host3", files("${secret.app_conf}", secret("s3cr3t-two"))), List.of());
        assertThat(r.secrets()).extracting(s -> s.name()).containsExactly("app_conf", "app_conf_host3");
        assertThat(r.text()).contains("content: ${secret.app_conf_host3}", "app_conf_host3: {env: APP_CONF_HOST3}")
                .doesNotContain("s3cr3t");
        assertThat(r.plays()).isEqualTo(2);

        ImportDocument.Result same = ImportDocument.build(inventory, hosts(
                "host2", files("${secret.app_conf}", secret("s3cr3t")),
                "host3", files("${secret.app_conf}", secret("s3cr3t"))), List.of());
        assertThat(same.secrets()).hasSize(1);
        assertThat(same.plays()).isEqualTo(1);
        assertThat(same.text()).contains("hosts: web", "# content of /etc/app/app.conf on host2, host3: set APP_CONF");
    }

    @Test
    void theWrittenPlaybookLoadsBackToTheImportedValues(@TempDir Path tmp) throws Exception {
        String unit = "[Unit]\nDescription=x\n\n[Service]\nExecStart=/bin/true $${HOME}\n";
        ImportDocument.Result r = ImportDocument.build(inventory, hosts("host2", files(unit), "host3", files(unit)),
                List.of("imported\nwith a second line"));
        Path playbook = Files.writeString(tmp.resolve("imported.yml"), r.text());
        Path inv = Files.copy(INVENTORY, tmp.resolve("inventory.yml"));
        Loaded<Desired> loaded = Config.load(playbook, inv, Map.of());
        assertThat(loaded.diagnostics()).isEmpty();
        FileSpec f = loaded.value().orElseThrow().host("host3").orElseThrow().resources(FileSpec.class).get(0);
        assertThat(((FileContent.Inline) f.content().orElseThrow()).text().reveal())
                .isEqualTo(unit.replace("$${", "${"));
        assertThat(f.mode()).isEqualTo("0600");
        assertThat(r.text()).contains("content: |", "# with a second line");
    }
}

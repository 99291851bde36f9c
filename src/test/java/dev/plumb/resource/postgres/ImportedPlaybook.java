package dev.plumb.resource.postgres;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;

import dev.plumb.resource.Imported;

/**
 * An import as the tests write it until {@code plumb import} writes it: a playbook of one play for
 * group {@code db} whose {@code postgres:} is the imported value, with a {@code secrets:} entry
 * reading each imported secret's variable.
 */
final class ImportedPlaybook {
    private ImportedPlaybook() {
    }

    static String yaml(Imported imported) {
        Map<String, Object> secrets = new LinkedHashMap<>();
        imported.secrets().forEach(s -> secrets.put(s.name(), Map.of("env", s.variable())));
        Map<String, Object> play = new LinkedHashMap<>();
        play.put("hosts", "db");
        play.put("postgres", imported.value());
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("version", 1);
        doc.put("secrets", secrets);
        doc.put("plays", List.of(play));
        DumperOptions o = new DumperOptions();
        o.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        o.setWidth(Integer.MAX_VALUE);
        o.setAllowUnicode(true);
        return new Yaml(o).dump(doc);
    }
}

package dev.plumb.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * {@code drift --adopt}'s edit of a playbook: each drifted resource's declaration made to say what
 * its imported live value says ({@link AdoptDiff}), by minimal text edits ({@link YamlEdit}), so
 * every line no edit touches stays byte for byte. Pure: reads and returns text.
 */
public final class Adopter {
    /**
     * One resource to adopt: where it is declared in the playbook, and where the same resource is
     * in an imported playbook's text; {@code label} names it in messages (its address).
     * {@code statedKeysOnly}: a key the declaration leaves out is not managed (PostgreSQL's
     * absent-key rule), so the import's value for it is not added.
     */
    public record Target(String label, int line, int column, String importedText, int importedLine,
                         int importedColumn, boolean statedKeysOnly) {
        public Target {
            Objects.requireNonNull(label, "label");
            Objects.requireNonNull(importedText, "importedText");
        }

        /** A target whose left-out keys take defaults, so the import's values for them are added. */
        public Target(String label, int line, int column, String importedText, int importedLine, int importedColumn) {
            this(label, line, column, importedText, importedLine, importedColumn, false);
        }
    }

    /** The edited text (the same text when nothing needed a change), and what was left for the operator. */
    public record Result(String text, List<String> skipped) {
        public Result {
            skipped = List.copyOf(skipped);
        }
    }

    private Adopter() {
    }

    /**
     * @throws YamlEditException when a resource cannot be found at its place, or two hosts ask for
     *                           different values at one place (a declaration several hosts share)
     */
    public static Result adopt(String playbook, List<Target> targets) {
        Object data = load(playbook);
        YamlEdit edit = YamlEdit.of(playbook);
        Map<List<Object>, Optional<Object>> planned = new LinkedHashMap<>();
        Map<List<Object>, String> by = new LinkedHashMap<>();
        List<String> skipped = new ArrayList<>();
        for (Target t : targets) {
            List<Object> at = resource(edit, data, t.line(), t.column(), t.label());
            YamlEdit imported = YamlEdit.of(t.importedText());
            Object importedData = load(t.importedText());
            List<Object> from = resource(imported, importedData, t.importedLine(), t.importedColumn(), t.label());
            AdoptDiff.Result diff = AdoptDiff.of(value(data, at), value(importedData, from), t.statedKeysOnly());
            diff.skipped().forEach(s -> skipped.add(t.label() + ": " + s));
            for (AdoptDiff.Edit e : diff.edits()) {
                List<Object> path = new ArrayList<>(at);
                path.addAll(e.path());
                Optional<Object> before = planned.putIfAbsent(path, e.value());
                if (before != null && !before.equals(e.value())) {
                    throw new YamlEditException(t.label() + " and " + by.get(path) + " are declared at the same place"
                            + " but differ on their hosts at " + String.join(".", path.stream().map(String::valueOf)
                            .toList()) + "; adopt it by hand (a host variable, or a play per host)");
                }
                by.putIfAbsent(path, t.label());
            }
        }
        for (var p : planned.entrySet()) {
            edit = p.getValue().isPresent() ? edit.set(p.getKey(), p.getValue().get()) : edit.remove(p.getKey());
        }
        return new Result(edit.text(), skipped);
    }

    /** The path of the mapping declared at {@code line}:{@code column}: the innermost one holding it. */
    private static List<Object> resource(YamlEdit doc, Object data, int line, int column, String label) {
        List<Object> path = new ArrayList<>(doc.pathAt(line, column).orElseThrow(() -> new YamlEditException(
                label + ": nothing is declared at line " + line + ", column " + column)));
        while (!path.isEmpty() && !(value(data, path) instanceof Map<?, ?>)) {
            path.remove(path.size() - 1);
        }
        if (path.isEmpty()) {
            throw new YamlEditException(label + ": no mapping is declared at line " + line + ", column " + column);
        }
        return path;
    }

    private static Object value(Object data, List<Object> path) {
        Object at = data;
        for (Object p : path) {
            at = at instanceof Map<?, ?> m ? m.get(p) : at instanceof List<?> l && p instanceof Integer i
                    && i < l.size() ? l.get(i) : null;
        }
        return at;
    }

    private static Object load(String text) {
        LoaderOptions o = new LoaderOptions();
        o.setAllowDuplicateKeys(false);
        return new Yaml(o).load(text);
    }
}

package dev.plumb.imports;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.plumb.config.PlaybookWriter;
import dev.plumb.model.PlainValues;
import dev.plumb.resource.Imported;
import dev.plumb.resource.ImportedSecret;

/** Secret names across hosts: one name per value, and the {@code secrets:} entries that declare them. */
final class Secrets {
    private Secrets() {
    }

    /**
     * {@code imports} with every secret that shares its name with a different value on an
     * earlier host (in {@code hostOrder}) renamed {@code NAME_HOST}, in its references too.
     * Unreadable secrets (a role password) are taken as equal.
     */
    static Map<String, Map<String, Imported>> split(List<String> hostOrder, Map<String, Map<String, Imported>> imports) {
        Map<String, String> firstValue = new LinkedHashMap<>();
        Map<String, Map<String, Imported>> out = new LinkedHashMap<>();
        for (String host : hostOrder) {
            Map<String, Imported> kinds = new LinkedHashMap<>();
            for (var e : imports.get(host).entrySet()) {
                Imported i = e.getValue();
                Map<String, String> renames = new LinkedHashMap<>();
                List<ImportedSecret> secrets = new ArrayList<>();
                for (ImportedSecret s : i.secrets()) {
                    String known = firstValue.putIfAbsent(s.name(), s.sameAs());
                    if (known == null || known.equals(s.sameAs()) || known.isEmpty() || s.sameAs().isEmpty()) {
                        secrets.add(s);
                    } else {
                        String name = ImportedSecret.nameOf(s.name() + "_" + host);
                        renames.put(s.reference(), "${secret." + name + "}");
                        secrets.add(s.renamed(name));
                    }
                }
                Object value = renames.isEmpty() ? i.value() : PlainValues.strings(i.value(), str -> {
                    String r = str;
                    for (var rn : renames.entrySet()) {
                        r = r.replace(rn.getKey(), rn.getValue());
                    }
                    return r;
                });
                kinds.put(e.getKey(), new Imported(value, secrets, i.notes(), i.problems()));
            }
            out.put(host, kinds);
        }
        return out;
    }

    /** One entry per secret name, in first use, its comment naming what it is and where. */
    static List<PlaybookWriter.Secret> entries(List<String> hostOrder, Map<String, Map<String, Imported>> imports) {
        Map<String, ImportedSecret> byName = new LinkedHashMap<>();
        Map<String, Set<String>> hosts = new LinkedHashMap<>();
        for (String host : hostOrder) {
            imports.get(host).values().forEach(i -> i.secrets().forEach(s -> {
                byName.putIfAbsent(s.name(), s);
                hosts.computeIfAbsent(s.name(), n -> new LinkedHashSet<>()).add(host);
            }));
        }
        List<PlaybookWriter.Secret> out = new ArrayList<>();
        byName.forEach((name, s) -> out.add(new PlaybookWriter.Secret(name, s.variable(), s.what() + " on "
                + String.join(", ", hosts.get(name)) + ": set " + s.variable() + " to it"
                + (s.sameAs().isEmpty() ? " (the host keeps only a verifier: plumb cannot read the value)" : ""))));
        return out;
    }
}

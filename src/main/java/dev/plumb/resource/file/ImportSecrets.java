package dev.plumb.resource.file;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.plumb.model.Sensitive;
import dev.plumb.resource.ImportedSecret;

/**
 * Writes imported text as a playbook value: literal characters with every {@code ${} written
 * {@code $${} (so that interpolation gives them back), and each secret span replaced by a
 * {@code ${secret.NAME}} reference to a new {@link ImportedSecret}. A secret's name comes from the
 * file's name and the span's label ({@code /etc/flask/myapp.env} and {@code DATABASE_URL}:
 * {@code myapp_env_database_url}), so hosts with the same files get the same names; when two
 * files of one import share a name and a label, the whole path goes into the name, then a number.
 * One instance per import of one host.
 */
public final class ImportSecrets {
    /** Name → the file and label it stands for. */
    private final Map<String, String> taken = new HashMap<>();
    private final List<ImportedSecret> secrets = new ArrayList<>();

    /** The secrets referenced so far, in order. */
    public List<ImportedSecret> secrets() {
        return List.copyOf(secrets);
    }

    /** A literal string as a playbook value: {@code ${} becomes {@code $${}. */
    public static String literal(String s) {
        return s.replace("${", "$${");
    }

    /**
     * {@code text} of the file at {@code path} as a playbook value, each of {@code spans} (in order,
     * disjoint) a reference to a secret holding those characters.
     */
    public String write(String path, String text, List<SecretScan.Span> spans) {
        StringBuilder out = new StringBuilder(text.length());
        int at = 0;
        for (SecretScan.Span s : spans) {
            out.append(literal(text.substring(at, s.start())));
            out.append(reference(path, s.label(), s.what() + " in " + path, text.substring(s.start(), s.end())));
            at = s.end();
        }
        return out.append(literal(text.substring(at))).toString();
    }

    private String reference(String path, String label, String what, String value) {
        String identity = path + "\0" + label;
        String file = path.substring(path.lastIndexOf('/') + 1);
        String name = claim(ImportedSecret.nameOf(label.isEmpty() ? file : file + "_" + label), identity);
        if (name == null) {
            name = claim(ImportedSecret.nameOf(label.isEmpty() ? path : path + "_" + label), identity);
        }
        for (int n = 2; name == null; n++) {
            name = claim(ImportedSecret.nameOf(path + "_" + label + "_" + n), identity);
        }
        ImportedSecret secret = ImportedSecret.read(name, what, Sensitive.of(value));
        secrets.add(secret);
        return secret.reference();
    }

    /** {@code name} when it is free (now taken for {@code identity}); null when another holds it. */
    private String claim(String name, String identity) {
        String holder = taken.putIfAbsent(name, identity);
        return holder == null ? name : null;
    }
}

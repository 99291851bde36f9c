package dev.plumb.config;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

import dev.plumb.model.PlainValues;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.representer.Represent;
import org.yaml.snakeyaml.representer.Representer;

/**
 * Writes a playbook in format v1 from plain values (what {@code plumb import} produced): header
 * comments, a {@code secrets:} block of {@code {env: VARIABLE}} entries each under its comment,
 * then {@code plays:}. Multi-line strings are written as literal blocks ({@code |}); long lines
 * are never folded. The text parses back to exactly the values given.
 */
public final class PlaybookWriter {
    private static final Pattern NAME = Pattern.compile("[a-z_][a-z0-9_]*");
    private static final Pattern VARIABLE = Pattern.compile("[A-Z_][A-Z0-9_]*");

    /** One {@code secrets:} entry: {@code NAME: {env: VARIABLE}}, under {@code comment}. */
    public record Secret(String name, String variable, String comment) {
        public Secret {
            if (!NAME.matcher(name).matches() || !VARIABLE.matcher(variable).matches()) {
                throw new IllegalArgumentException("not a secret name and variable: " + name + ", " + variable);
            }
            Objects.requireNonNull(comment, "comment");
        }
    }

    /** One play: its {@code hosts:} pattern, then each kind's key and value, in order. */
    public record PlayText(String hosts, Map<String, Object> keys) {
        public PlayText {
            Objects.requireNonNull(hosts, "hosts");
            keys = new LinkedHashMap<>(keys);
        }
    }

    private PlaybookWriter() {
    }

    public static String write(List<String> header, List<Secret> secrets, List<PlayText> plays) {
        StringBuilder b = new StringBuilder();
        header.forEach(h -> b.append(comment(h, "")));
        if (!secrets.isEmpty()) {
            b.append("secrets:\n");
            for (Secret s : secrets) {
                b.append(comment(s.comment(), "  ")).append("  ").append(s.name()).append(": {env: ")
                        .append(s.variable()).append("}\n");
            }
        }
        List<Map<String, Object>> list = plays.stream().map(p -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("hosts", p.hosts());
            m.putAll(p.keys());
            return m;
        }).toList();
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("plays", list);
        String text = yaml().dump(doc);
        if (!PlainValues.normal(doc).equals(PlainValues.normal(new Yaml().load(text)))) {
            throw new IllegalStateException("the written plays do not read back as the values given");
        }
        return b.append(text).toString();
    }

    /** {@code text} as comment lines at {@code indent}: every line break and control character made harmless. */
    private static String comment(String text, String indent) {
        StringBuilder b = new StringBuilder();
        for (String line : text.split("\n", -1)) {
            b.append(indent).append("# ").append(line.replaceAll("\\p{Cntrl}", "?")).append('\n');
        }
        return b.toString();
    }

    private static Yaml yaml() {
        DumperOptions o = new DumperOptions();
        o.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        o.setIndent(2);
        o.setIndicatorIndent(2);
        o.setIndentWithIndicator(true);
        o.setSplitLines(false);
        o.setWidth(Integer.MAX_VALUE);
        return new Yaml(new LiteralStrings(o), o);
    }

    /** Multi-line strings as {@code |} blocks, so units and files read as they are on the host. */
    private static final class LiteralStrings extends Representer {
        LiteralStrings(DumperOptions options) {
            super(options);
            Represent plain = representers.get(String.class);
            representers.put(String.class, data -> {
                String s = (String) data;
                return s.indexOf('\n') >= 0 && s.indexOf('\r') < 0 && !s.startsWith(" ")
                        ? representScalar(Tag.STR, s, DumperOptions.ScalarStyle.LITERAL)
                        : plain.representData(data);
            });
        }
    }
}

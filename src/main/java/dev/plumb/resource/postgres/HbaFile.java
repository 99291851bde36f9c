package dev.plumb.resource.postgres;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.plumb.model.Presence;
import dev.plumb.model.Text;

/**
 * The block of {@code pg_hba.conf} that plumb owns, between a begin and an end comment line.
 * Every rule is a {@code # rule: KEY} comment followed by its line, so a hand edit inside the
 * block shows as drift of that rule. Lines outside the block are never touched. A new block goes
 * before the first rule of the file, so declared rules take precedence (the server uses the
 * first line that matches). Pure text functions; no I/O.
 */
public final class HbaFile {
    public static final String BEGIN = "# BEGIN plumb managed block: edits inside are overwritten by plumb";
    public static final String END = "# END plumb managed block";
    static final String RULE = "# rule: ";

    private static final Set<String> DATABASE_KEYWORDS = Set.of("all", "sameuser", "samerole", "samegroup",
            "replication");
    private static final Set<String> USER_KEYWORDS = Set.of("all");
    private static final Pattern BARE = Pattern.compile("[A-Za-z0-9_.$\\-]+");
    private static final Pattern OPTION_NAME = Pattern.compile("[a-z_]+");
    private static final Pattern OPTION = Pattern.compile("(?<=\\s)([a-z_]+=)(\"(?:[^\"]|\"\")*\"|\\S+)");

    private HbaFile() {
    }

    /** What the file holds now: no block, a block, or markers plumb cannot make sense of. */
    public sealed interface Parsed permits NoBlock, Found, Broken {}

    public record NoBlock() implements Parsed {}

    /**
     * The block's rule lines by key, in file order, any line in it that is not a rule, and the
     * 1-based line numbers of its begin and end markers.
     */
    public record Found(Map<String, String> rules, List<String> stray, int firstLine, int lastLine)
            implements Parsed {}

    public record Broken(String why) implements Parsed {}

    /** Why {@code rule} cannot be written as one pg_hba.conf line, if it cannot. */
    public static Optional<String> check(HbaRule rule) {
        List<String> texts = new ArrayList<>(List.of(rule.key(), rule.database(), rule.user(), rule.method()));
        rule.clientAddress().ifPresent(texts::add);
        for (Map.Entry<String, Text> o : rule.options().entrySet()) {
            if (!OPTION_NAME.matcher(o.getKey()).matches()) {
                return Optional.of("hba option name '" + o.getKey() + "' is not a pg_hba.conf option name");
            }
            texts.add(o.getValue().reveal());
        }
        for (String t : texts) {
            if (t.indexOf('\n') >= 0 || t.indexOf('\r') >= 0) {
                return Optional.of("pg_hba.conf is line-based: a rule's names, key and options cannot hold line breaks");
            }
        }
        return Optional.empty();
    }

    /** The rule's line as written ({@code reveal}), or else {@code (sensitive)} for a line with a secret. */
    public static String line(HbaRule rule, boolean reveal) {
        return reveal ? text(rule).reveal() : text(rule).toString();
    }

    /** The rule's line as written, knowing which characters of its option values are secret. */
    public static Text text(HbaRule rule) {
        Text.Builder b = Text.builder().append(String.format("%-7s %-15s %-15s %-23s %s", rule.type().keyword(),
                token(rule.database(), DATABASE_KEYWORDS), token(rule.user(), USER_KEYWORDS),
                rule.clientAddress().orElse(""), rule.method()).stripTrailing());
        rule.options().forEach((k, v) -> {
            b.append(" " + k + "=");
            b.append(BARE.matcher(v.reveal()).matches() ? v : quote(v));
        });
        return b.build();
    }

    /** The whole block for the present rules, in order, ending with a newline; empty for none. */
    public static String block(List<HbaRule> rules) {
        return blockText(rules).reveal();
    }

    private static Text blockText(List<HbaRule> rules) {
        List<HbaRule> present = rules.stream().filter(r -> r.state() == Presence.PRESENT).toList();
        if (present.isEmpty()) {
            return Text.plain("");
        }
        Text.Builder b = Text.builder().append(BEGIN + "\n");
        for (HbaRule r : present) {
            b.append(RULE + r.key() + "\n").append(text(r)).append("\n");
        }
        return b.append(END + "\n").build();
    }

    /** {@code content}, holding the block of {@code rules}, knowing which of its characters are secret. */
    public static Text withSpans(String content, List<HbaRule> rules) {
        Text block = blockText(rules);
        int at = block.reveal().isEmpty() ? -1 : content.indexOf(block.reveal());
        return at < 0 ? Text.plain(content) : Text.builder().append(content.substring(0, at)).append(block)
                .append(content.substring(at + block.reveal().length())).build();
    }

    /**
     * {@code line} with the value of every {@code name=value} option masked by {@code mask}: for
     * lines plumb removes, which may hold a secret it cannot tell from the rest.
     */
    public static String maskOptions(String line, UnaryOperator<String> mask) {
        return OPTION.matcher(line).replaceAll(m -> Matcher.quoteReplacement(m.group(1) + mask.apply(m.group(2))));
    }

    public static Parsed parse(String content) {
        List<String> lines = content.lines().toList();
        int begin = lines.indexOf(BEGIN);
        int end = lines.indexOf(END);
        if (begin < 0 && end < 0) {
            return new NoBlock();
        }
        if (begin < 0 || end < begin || lines.lastIndexOf(BEGIN) != begin || lines.lastIndexOf(END) != end) {
            return new Broken("pg_hba.conf has plumb's block markers out of order or repeated; fix the file by hand");
        }
        Map<String, String> rules = new LinkedHashMap<>();
        List<String> stray = new ArrayList<>();
        for (int i = begin + 1; i < end; i++) {
            String l = lines.get(i);
            if (l.startsWith(RULE)) {
                boolean hasLine = i + 1 < end && !lines.get(i + 1).startsWith(RULE);
                String key = l.substring(RULE.length());
                if (rules.containsKey(key)) {
                    stray.add(l);
                } else {
                    rules.put(key, hasLine ? lines.get(i + 1) : "");
                }
                if (hasLine) {
                    i++;
                }
            } else {
                stray.add(l);
            }
        }
        return new Found(rules, stray, begin + 1, end + 1);
    }

    /**
     * {@code content} with its block replaced by {@code block} (empty: the block removed), or the
     * block inserted before the first rule line (at the end when there is none).
     */
    public static String splice(String content, String block) {
        if (block.isEmpty() && parse(content) instanceof NoBlock) {
            return content; // nothing to add or remove: the file stays byte for byte
        }
        List<String> lines = new ArrayList<>(content.lines().toList());
        List<String> blockLines = block.lines().toList();
        int begin = lines.indexOf(BEGIN);
        int end = lines.indexOf(END);
        if (begin >= 0 && end > begin) {
            lines.subList(begin, end + 1).clear();
            lines.addAll(begin, blockLines);
        } else {
            int at = lines.size();
            for (int i = 0; i < lines.size(); i++) {
                String l = lines.get(i).strip();
                if (!l.isEmpty() && !l.startsWith("#")) {
                    at = i;
                    break;
                }
            }
            lines.addAll(at, blockLines);
        }
        return lines.isEmpty() ? "" : String.join("\n", lines) + "\n";
    }

    /** The key of the block rule on 1-based line {@code number} of {@code content}, if one is there. */
    public static Optional<String> ruleAt(String content, int number) {
        if (!(parse(content) instanceof Found f) || number <= f.firstLine() + 1 || number >= f.lastLine()) {
            return Optional.empty();
        }
        String above = content.lines().skip(number - 2).findFirst().orElse("");
        return above.startsWith(RULE) ? Optional.of(above.substring(RULE.length())) : Optional.empty();
    }

    /** A rule line outside plumb's block: its 0-based line number and its text. */
    public record Outside(int line, String text) {
        /** The role field (third for local, else third too: type, database, user, ...). */
        public Optional<String> user() {
            String[] f = text.strip().split("\\s+");
            return f.length >= 3 ? Optional.of(f[2]) : Optional.empty();
        }

        /** The rule with runs of blanks collapsed: how exclusive mode names and compares it. */
        public String normalized() {
            return text.strip().replaceAll("\\s+", " ");
        }
    }

    /** Every rule line (not blank, not a comment) outside plumb's block, in file order. */
    public static List<Outside> outside(String content) {
        List<String> lines = content.lines().toList();
        int begin = lines.indexOf(BEGIN);
        int end = lines.indexOf(END);
        List<Outside> out = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String l = lines.get(i).strip();
            boolean inBlock = begin >= 0 && end > begin && i >= begin && i <= end;
            if (!inBlock && !l.isEmpty() && !l.startsWith("#")) {
                out.add(new Outside(i, lines.get(i)));
            }
        }
        return out;
    }

    /** {@code content} without the given lines (0-based). */
    public static String without(String content, Set<Integer> drop) {
        if (drop.isEmpty()) {
            return content;
        }
        List<String> lines = content.lines().toList();
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < lines.size(); i++) {
            if (!drop.contains(i)) {
                b.append(lines.get(i)).append('\n');
            }
        }
        return b.toString();
    }

    private static String token(String name, Set<String> keywords) {
        if (keywords.contains(name)) {
            return name;
        }
        if ((name.startsWith("+") || name.startsWith("@")) && BARE.matcher(name.substring(1)).matches()) {
            return name; // a group (+role) or a file of names (@file)
        }
        return BARE.matcher(name).matches() ? name : quote(name);
    }

    private static String quote(String s) {
        return quote(Text.plain(s)).reveal();
    }

    private static Text quote(Text t) {
        return Text.builder().append("\"").append(t.map(s -> s.replace("\"", "\"\""))).append("\"").build();
    }
}

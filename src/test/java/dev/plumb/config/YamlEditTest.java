package dev.plumb.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.difflib.DiffUtils;
import com.github.difflib.patch.AbstractDelta;
import com.github.difflib.patch.DeltaType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

class YamlEditTest {

    static final String ROLES = """
            # roles of the database
            version: 1
            postgres:
              roles:
                - name: flaskapp     # the app's role
                  login: true
                  password: "${secret.db_password}"
                - {name: reader, login: false}
                -   {name: writer,   login: true}
              # the databases come next
              databases:
                - name: app
                  owner: 'flaskapp'
            """;

    static Object load(String text) {
        return new Yaml(new SafeConstructor(new LoaderOptions())).load(text);
    }

    static List<Object> path(Object... steps) {
        return Arrays.asList(steps);
    }

    /** The value at {@code path} of the parsed text. */
    static Object at(String text, Object... steps) {
        Object here = load(text);
        for (Object step : steps) {
            here = step instanceof Integer i ? ((List<?>) here).get(i) : ((Map<?, ?>) here).get(step);
        }
        return here;
    }

    static List<String> lines(String text) {
        return Arrays.asList(text.split("(?<=\n)", -1));
    }

    /**
     * Asserts that only the given 1-based lines of {@code before} differ in {@code after}; lines
     * may be inserted anywhere. Where a line diff could align equal lines (blank ones) either
     * way, the contiguous region between the common first and last lines is accepted too.
     */
    static void assertOnlyLinesChanged(String before, String after, Integer... changed) {
        List<String> b = lines(before);
        List<String> a = lines(after);
        Set<Integer> differing = new TreeSet<>();
        for (AbstractDelta<String> delta : DiffUtils.diff(b, a).getDeltas()) {
            if (delta.getType() != DeltaType.INSERT) {
                for (int i = 0; i < delta.getSource().size(); i++) {
                    differing.add(delta.getSource().getPosition() + i + 1);
                }
            }
        }
        if (!Set.of(changed).containsAll(differing)) {
            int prefix = 0;
            while (prefix < b.size() && prefix < a.size() && b.get(prefix).equals(a.get(prefix))) {
                prefix++;
            }
            int suffix = 0;
            while (suffix < b.size() - prefix && suffix < a.size() - prefix
                    && b.get(b.size() - 1 - suffix).equals(a.get(a.size() - 1 - suffix))) {
                suffix++;
            }
            Set<Integer> region = new TreeSet<>();
            for (int i = prefix; i < b.size() - suffix; i++) {
                region.add(i + 1);
            }
            if (Set.of(changed).containsAll(region)) {
                return;
            }
        }
        assertThat(differing).as("lines of the original that changed, in:\n" + after).isSubsetOf(changed);
    }

    @Nested
    class Scalars {
        @Test
        void replacesOnlyThePlainScalarsCharacters() {
            String text = "a: 1\nb: old   # why\nc: x\n";
            String out = YamlEdit.of(text).set(path("b"), "new").text();
            assertThat(out).isEqualTo("a: 1\nb: new   # why\nc: x\n");
        }

        @Test
        void keepsSingleQuotesAndEscapesThem() {
            assertThat(YamlEdit.of("b: 'x'\n").set(path("b"), "it's").text()).isEqualTo("b: 'it''s'\n");
        }

        @Test
        void keepsDoubleQuotesAndEscapesThem() {
            assertThat(YamlEdit.of("b: \"x\"\n").set(path("b"), "say \"hi\" \\o/").text())
                    .isEqualTo("b: \"say \\\"hi\\\" \\\\o/\"\n");
        }

        @ParameterizedTest
        @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
            "yes|\"yes\"", "no|\"no\"", "true|\"true\"", "null|\"null\"", "~|\"~\"", "0600|\"0600\"", "12|\"12\"",
            "1.5|\"1.5\"", "a: b|\"a: b\"", "#x|\"#x\"", "a #b|\"a #b\"", "` lead`|\" lead\"", "`trail `|\"trail \"",
            "*|\"*\"", "&a|\"&a\"", "- x|\"- x\"", "[a]|\"[a]\"", "{a}|\"{a}\"", "!tag|\"!tag\"", "`|`|`\"|\"`",
            "%x|\"%x\"", "@x|\"@x\"", "``|`\"\"`", "2024-01-01|\"2024-01-01\"", "a,b|a,b", "key:|\"key:\"",
            "plain text|plain text", "${vars.x}|${vars.x}", "$${vars.x}|$${vars.x}", "a-b_c/d.e|a-b_c/d.e"})
        void quotesAPlainValueOnlyWhenItWouldReadAsSomethingElse(String value, String written) {
            String text = "a: 1\nb: x\nc: 3\n";
            String out = YamlEdit.of(text).set(path("b"), value).text();
            assertThat(out).isEqualTo("a: 1\nb: " + written + "\nc: 3\n");
            assertThat(at(out, "b")).isEqualTo(value);
        }

        @ParameterizedTest
        @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
            "a,b|\"a,b\"", "a]|\"a]\"", "{x}|\"{x}\"", "yes|\"yes\"", "plain|plain", "``|\"\"", "${v.x}|\"${v.x}\""})
        void flowContextQuotesFlowIndicators(String value, String written) {
            String text = "item: {a: 1, b: x, c: 3}\n";
            String out = YamlEdit.of(text).set(path("item", "b"), value).text();
            assertThat(out).isEqualTo("item: {a: 1, b: " + written + ", c: 3}\n");
        }

        @Test
        void replacesInFlowListsAndQuotedFlowValues() {
            String text = "l: [a, 'b', \"c\"]\n";
            YamlEdit edit = YamlEdit.of(text).set(path("l", 0), "x").set(path("l", 1), "y'").set(path("l", 2), "z,");
            assertThat(edit.text()).isEqualTo("l: [x, 'y''', \"z,\"]\n");
        }

        @Test
        void writesIntegersAndBooleansPlainEvenOverQuotes() {
            String text = "port: \"5432\"\nenabled: 'no'\n";
            String out = YamlEdit.of(text).set(path("port"), 5433L).set(path("enabled"), true).text();
            assertThat(out).isEqualTo("port: 5433\nenabled: true\n");
            assertThat(at(out, "port")).isEqualTo(5433);
        }

        @Test
        void aNumberAsStringIsQuoted() {
            String out = YamlEdit.of("mode: 0644\n").set(path("mode"), "0600").text();
            assertThat(out).isEqualTo("mode: \"0600\"\n");
            assertThat(at(out, "mode")).isEqualTo("0600");
        }

        @Test
        void fillsAnEmptyValue() {
            assertThat(YamlEdit.of("a:\nb: 1\n").set(path("a"), "x").text()).isEqualTo("a: x\nb: 1\n");
            assertThat(YamlEdit.of("l:\n  -\n  - b\n").set(path("l", 0), "a").text()).isEqualTo("l:\n  - a\n  - b\n");
            assertThat(YamlEdit.of("m: {a: , b: 1}\n").set(path("m", "a"), 2L).text()).isEqualTo("m: {a: 2, b: 1}\n");
        }

        @Test
        void aMultiLineStringInAPlainScalarIsDoubleQuoted() {
            String out = YamlEdit.of("a: x\nb: y\n").set(path("a"), "one\ntwo\n").text();
            assertThat(out).isEqualTo("a: \"one\\ntwo\\n\"\nb: y\n");
        }

        @Test
        void aMultiLinePlainScalarIsReplacedWhole() {
            String text = "a: this is\n  folded plain\nb: y\n";
            assertThat(YamlEdit.of(text).set(path("a"), "short").text()).isEqualTo("a: short\nb: y\n");
        }

        @Test
        void settingTheSameValueChangesNothing() {
            String text = "a: 'x'   # c\nb: yes\nc: 0x10\n";
            YamlEdit edit = YamlEdit.of(text).set(path("a"), "x").set(path("b"), true).set(path("c"), 16L);
            assertThat(edit.text()).isSameAs(text);
        }

        @Test
        void writesInterpolationExactlyAsGiven() {
            String out = YamlEdit.of("a: \"x\"\n").set(path("a"), "$${HOME} and ${vars.x}").text();
            assertThat(out).isEqualTo("a: \"$${HOME} and ${vars.x}\"\n");
        }

        @Test
        void replacesAScalarByACollectionAndBack() {
            String text = "a: x  # c\nb: 1\n";
            String out = YamlEdit.of(text).set(path("a"), Map.of("k", "v")).text();
            assertThat(out).isEqualTo("a: {k: v}  # c\nb: 1\n");
            assertThat(YamlEdit.of(out).set(path("a"), List.of("p", "q r", "s,t")).text())
                    .isEqualTo("a: [p, q r, \"s,t\"]  # c\nb: 1\n");
        }

        @Test
        void matchesKeysByTheirTextEvenWhenTheyReadAsBooleansOrNumbers() {
            String text = "grants:\n  - {role: app, on: {database: db}}\n1: one\n";
            String out = YamlEdit.of(text).set(path("grants", 0, "on", "database"), "other")
                    .set(path("1"), "uno").remove(path("grants", 0, "role")).text();
            assertThat(out).isEqualTo("grants:\n  - {on: {database: other}}\n1: uno\n");
        }

        @Test
        void matchesKeysByTheirValueHoweverQuoted() {
            String text = "\"a b\": 1\n'c': 2\n";
            assertThat(YamlEdit.of(text).set(path("a b"), 3L).set(path("c"), 4L).text())
                    .isEqualTo("\"a b\": 3\n'c': 4\n");
        }
    }

    @Nested
    class BlockScalars {
        static final String UNIT = """
                services:
                  - name: myapp
                    unit: |   # the unit file
                      [Unit]
                      Description=old

                      [Service]
                      ExecStart=/bin/old

                    enabled: true
                """;

        @Test
        void staysALiteralBlockWithItsIndentationAndComment() {
            String unit = "[Unit]\nDescription=new\n\n[Service]\nExecStart=/bin/new\nRestart=always\n";
            String out = YamlEdit.of(UNIT).set(path("services", 0, "unit"), unit).text();
            assertThat(out).isEqualTo("""
                    services:
                      - name: myapp
                        unit: |   # the unit file
                          [Unit]
                          Description=new

                          [Service]
                          ExecStart=/bin/new
                          Restart=always

                        enabled: true
                    """);
            assertThat(at(out, "services", 0, "unit")).isEqualTo(unit);
        }

        @ParameterizedTest
        @ValueSource(strings = {"no newline at the end", "two\nlines", "kept\n\n", "kept\nthree\n\n\n", "x\n"})
        void choosesTheChompingThatKeepsTrailingLineBreaksExactly(String value) {
            String text = "a: |\n  old\nb: 1\n";
            String out = YamlEdit.of(text).set(path("a"), value).text();
            assertThat(at(out, "a")).isEqualTo(value);
            assertThat(at(out, "b")).isEqualTo(1);
            assertThat(out).startsWith("a: |").endsWith("\nb: 1\n");
        }

        @Test
        void stripChomping() {
            assertThat(YamlEdit.of("a: |\n    old\nb: 1\n").set(path("a"), "x\ny").text())
                    .isEqualTo("a: |-\n    x\n    y\nb: 1\n");
        }

        @Test
        void aFoldedBlockBecomesLiteral() {
            String out = YamlEdit.of("a: >-\n  one\n  two\nb: 1\n").set(path("a"), "one\ntwo\n").text();
            assertThat(out).isEqualTo("a: |\n  one\n  two\nb: 1\n");
        }

        @Test
        void aValueABlockCannotHoldIsQuoted() {
            String out = YamlEdit.of("a: |\n  old\nb: 1\n").set(path("a"), "  indented first\n").text();
            assertThat(out).isEqualTo("a: \"  indented first\\n\"\nb: 1\n");
        }

        @Test
        void theEmptyLinesAKeptBlockEndsWithArePartOfIt() {
            String text = "a: |+\n  x\n\n\nb: 1\n";
            assertThat(YamlEdit.of(text).set(path("a"), "y\n").text()).isEqualTo("a: |\n  y\nb: 1\n");
            assertThat(YamlEdit.of(text).set(path("a"), "y\n\n").text()).isEqualTo("a: |+\n  y\n\nb: 1\n");
            String inner = "m:\n  u: |+\n    x\n\n\n# next\nb: 1\n";
            assertThat(YamlEdit.of(inner).set(path("m", "v"), 1L).text())
                    .isEqualTo("m:\n  u: |+\n    x\n\n\n  v: 1\n# next\nb: 1\n");
            assertThat(YamlEdit.of(inner).remove(path("m", "u")).text()).isEqualTo("m: {}\n# next\nb: 1\n");
        }
    }

    @Nested
    class Inserts {
        @Test
        void addsAKeyAfterTheLastEntryOfAListItemNotAfterTheNextSectionsComment() {
            String out = YamlEdit.of(ROLES).set(path("postgres", "roles", 0, "connection_limit"), 5L).text();
            assertThat(out).isEqualTo(ROLES.replace("      password: \"${secret.db_password}\"\n",
                    "      password: \"${secret.db_password}\"\n      connection_limit: 5\n"));
        }

        @Test
        void addsAKeyToAFlowItem() {
            String out = YamlEdit.of(ROLES).set(path("postgres", "roles", 2, "password"), "p w,1").text();
            assertThat(out).contains("    -   {name: writer,   login: true, password: \"p w,1\"}\n");
            assertOnlyLinesChanged(ROLES, out, 9);
        }

        @Test
        void createsAMissingMappingOnTheWay() {
            String out = YamlEdit.of(ROLES).set(path("postgres", "roles", 0, "settings", "work_mem"), "64MB").text();
            assertThat(out).contains("      password: \"${secret.db_password}\"\n      settings:\n        work_mem: 64MB\n");
            assertOnlyLinesChanged(ROLES, out);
            String flow = YamlEdit.of(ROLES).set(path("postgres", "roles", 1, "settings", "a", "b"), 1L).text();
            assertThat(flow).contains("- {name: reader, login: false, settings: {a: {b: 1}}}\n");
        }

        @Test
        void fillsAnEmptyParentWithAMapping() {
            String out = YamlEdit.of("a:\nb: 1\n").set(path("a", "k"), "v").text();
            assertThat(out).isEqualTo("a: {k: v}\nb: 1\n");
            assertThat(YamlEdit.of("a: ~  # none yet\n").set(path("a", "k"), "v").text()).isEqualTo("a: {k: v}  # none yet\n");
        }

        @Test
        void addsToAnEmptyFlowMappingAndList() {
            assertThat(YamlEdit.of("m: {}\nl: []\n").set(path("m", "k"), "v").set(path("l", 0), "x").text())
                    .isEqualTo("m: {k: v}\nl: [x]\n");
        }

        @Test
        void appendsAMappingLikeTheItemBeforeIt() {
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("name", "new");
            item.put("owner", "yes");
            item.put("tags", List.of("a", "b"));
            String out = YamlEdit.of(ROLES).set(path("postgres", "databases", 1), item)
                    .set(path("postgres", "roles", 3), item).text();
            assertThat(out).contains("      owner: 'flaskapp'\n    - name: new\n      owner: \"yes\"\n      tags: [a, b]\n");
            assertThat(out).contains("    -   {name: writer,   login: true}\n    - {name: new, owner: \"yes\", tags: [a, b]}\n");
            assertOnlyLinesChanged(ROLES, out);
            assertThat(at(out, "postgres", "databases", 1)).isEqualTo(item);
        }

        @Test
        void appendsToABlockList() {
            String text = "l:\n  - a   # first\n  - b\n# end\n";
            assertThat(YamlEdit.of(text).set(path("l", 2), "c").text()).isEqualTo("l:\n  - a   # first\n  - b\n  - c\n# end\n");
        }

        @Test
        void addsAtTheRootAndAfterABlockScalar() {
            String text = "a: |\n  x\n\nb:\n  c: 1\n";
            String out = YamlEdit.of(text).set(path("z"), "new").set(path("b", "d"), "two\nlines\n").text();
            assertThat(out).isEqualTo("a: |\n  x\n\nb:\n  c: 1\n  d: |\n    two\n    lines\nz: new\n");
            String afterBlock = YamlEdit.of("a:\n  u: |\n    x\n\n# next\nb: 1\n").set(path("a", "v"), 1L).text();
            assertThat(afterBlock).isEqualTo("a:\n  u: |\n    x\n  v: 1\n\n# next\nb: 1\n");
        }

        @Test
        void insertsAQuotedKeyWhenItNeedsQuotes() {
            String out = YamlEdit.of("env:\n  A: 1\n").set(path("env", "B: c"), "x").text();
            assertThat(out).isEqualTo("env:\n  A: 1\n  \"B: c\": x\n");
        }

        @Test
        void updatesAMappingEntryByEntry() {
            Map<String, Object> role = new LinkedHashMap<>();
            role.put("name", "flaskapp");
            role.put("login", false);
            role.put("password", "${secret.db_password}");
            role.put("valid_until", "infinity");
            String out = YamlEdit.of(ROLES).set(path("postgres", "roles", 0), role).text();
            assertThat(out).contains("""
                        - name: flaskapp     # the app's role
                          login: false
                          password: "${secret.db_password}"
                          valid_until: infinity
                    """);
            assertOnlyLinesChanged(ROLES, out, 6);
            Map<String, Object> less = new LinkedHashMap<>(role);
            less.remove("login");
            String removed = YamlEdit.of(ROLES).set(path("postgres", "roles", 0), less).text();
            assertThat(at(removed, "postgres", "roles", 0)).isEqualTo(less);
        }

        @Test
        void updatesAListItemByItem() {
            String text = "l:\n  - a\n  - b  # b\n  - c\n";
            assertThat(YamlEdit.of(text).set(path("l"), List.of("a", "B")).text()).isEqualTo("l:\n  - a\n  - B  # b\n");
            assertThat(YamlEdit.of(text).set(path("l"), List.of("a", "b", "c", "d")).text())
                    .isEqualTo("l:\n  - a\n  - b  # b\n  - c\n  - d\n");
        }
    }

    @Nested
    class Removes {
        @Test
        void removesABlockEntryWithItsNestedBlock() {
            String text = "a: 1\nb:  # b\n  c: 2\n  d:\n    - x\n\n# about e\ne: 3\n";
            assertThat(YamlEdit.of(text).remove(path("b")).text()).isEqualTo("a: 1\n\n# about e\ne: 3\n");
        }

        @Test
        void removingTheFirstKeyOfAListItemKeepsTheDash() {
            String out = YamlEdit.of(ROLES).remove(path("postgres", "roles", 0, "name")).text();
            assertThat(out).contains("    - login: true\n      password:");
            assertThat(at(out, "postgres", "roles", 0)).isEqualTo(Map.of("login", true, "password", "${secret.db_password}"));
        }

        @Test
        void removesAListItemWithAllItsLines() {
            String out = YamlEdit.of(ROLES).remove(path("postgres", "roles", 0)).text();
            assertOnlyLinesChanged(ROLES, out, 5, 6, 7);
            assertThat(((List<?>) at(out, "postgres", "roles"))).hasSize(2);
        }

        @Test
        void removesTheLastEntryLeavingAnEmptyCollection() {
            assertThat(YamlEdit.of("a:\n  b: 1\nc: 2\n").remove(path("a", "b")).text()).isEqualTo("a: {}\nc: 2\n");
            assertThat(YamlEdit.of("a:  # why\n  - 1\nc: 2\n").remove(path("a", 0)).text())
                    .isEqualTo("a:  # why\n  []\nc: 2\n");
            assertThat(YamlEdit.of("l:\n  - only: 1\n").remove(path("l", 0, "only")).text()).isEqualTo("l:\n  - {}\n");
            assertThat(YamlEdit.of("a: {b: 1}\n").remove(path("a", "b")).text()).isEqualTo("a: {}\n");
        }

        @ParameterizedTest
        @CsvSource(delimiter = '|', value = {
            "a|{b: 2, c: 3}", "b|{a: 1, c: 3}", "c|{a: 1, b: 2}"})
        void removesAFlowEntryAndItsComma(String key, String left) {
            assertThat(YamlEdit.of("m: {a: 1, b: 2, c: 3}  # m\n").remove(path("m", key)).text())
                    .isEqualTo("m: " + left + "  # m\n");
        }

        @Test
        void removesAFlowListItem() {
            assertThat(YamlEdit.of("l: [a, b, c]\n").remove(path("l", 1)).remove(path("l", 0)).text())
                    .isEqualTo("l: [c]\n");
        }
    }

    @Nested
    class Preservation {
        @Test
        void commentsBeforeAfterAndInlineSurvive() {
            String text = "# head\n\na: 1 # one\n# between\nb: 2\n  # indented\n\n# tail\n";
            String out = YamlEdit.of(text).set(path("a"), 5L).set(path("c"), 3L).remove(path("b")).text();
            assertThat(out).isEqualTo("# head\n\na: 5 # one\n# between\nc: 3\n  # indented\n\n# tail\n");
        }

        @Test
        void crlfLineBreaksStayCrlf() {
            String text = "a: 1\r\nb:\r\n  c: |\r\n    x\r\n    y\r\n  d: 2\r\n";
            String out = YamlEdit.of(text).set(path("b", "c"), "p\nq\nr\n").set(path("b", "e"), "new")
                    .set(path("a"), "x y").remove(path("b", "d")).text();
            assertThat(out).isEqualTo("a: x y\r\nb:\r\n  c: |\r\n    p\r\n    q\r\n    r\r\n  e: new\r\n");
            assertThat(out.replace("\r\n", "")).doesNotContain("\n").doesNotContain("\r");
            assertThat(at(out, "b", "c")).isEqualTo("p\nq\nr\n");
        }

        @Test
        void documentMarkersAnchorsAndAliasesElsewhereStay() {
            String text = "%YAML 1.1\n---\nbase: &b {x: 1}\nother: *b\nplain: v\n...\n";
            String out = YamlEdit.of(text).set(path("plain"), "w").set(path("new"), 1L).text();
            assertThat(out).isEqualTo("%YAML 1.1\n---\nbase: &b {x: 1}\nother: *b\nplain: w\nnew: 1\n...\n");
        }

        @Test
        void unicodeBeforeAndInsideTheEdit() {
            String text = "ключ: 😀 значение  # 注释\nnext: 😀\n";
            String out = YamlEdit.of(text).set(path("next"), "日本語 😀").set(path("ключ"), "ü").text();
            assertThat(out).isEqualTo("ключ: ü  # 注释\nnext: 日本語 😀\n");
        }

        @Test
        void aByteOrderMarkIsNotIndentation() {
            String out = YamlEdit.of("\uFEFFa: 1\nb: 2\n").set(path("a"), 3L).set(path("c"), "x").text();
            assertThat(out).isEqualTo("\uFEFFa: 3\nb: 2\nc: x\n");
        }

        @Test
        void aFileWithoutAFinalLineBreak() {
            assertThat(YamlEdit.of("a: 1\nb: 2").set(path("c"), 3L).text()).isEqualTo("a: 1\nb: 2\nc: 3");
            assertThat(YamlEdit.of("a: 1\nb: 2").remove(path("b")).text()).isEqualTo("a: 1\n");
        }
    }

    @Nested
    class Errors {
        @Test
        void removingWhatIsNotThere() {
            assertThatThrownBy(() -> YamlEdit.of(ROLES).remove(path("postgres", "roles", 0, "nope")))
                    .isInstanceOf(YamlEditException.class)
                    .hasMessage("nothing to remove at postgres.roles[0].nope: postgres.roles[0] at 5:7 has no key 'nope'");
            assertThatThrownBy(() -> YamlEdit.of(ROLES).remove(path("postgres", "roles", 7)))
                    .hasMessage("nothing to remove at postgres.roles[7]: postgres.roles at 5:5 has 3 items, no index 7");
        }

        @Test
        void aPathThroughAScalar() {
            assertThatThrownBy(() -> YamlEdit.of(ROLES).set(path("version", "x"), "y"))
                    .isInstanceOf(YamlEditException.class)
                    .hasMessage("cannot set version.x: version at 2:10 is a scalar, not a mapping");
            assertThatThrownBy(() -> YamlEdit.of(ROLES).set(path("postgres", "roles", "x"), "y"))
                    .hasMessage("cannot set postgres.roles.x: postgres.roles at 5:5 is a list, not a mapping");
            assertThatThrownBy(() -> YamlEdit.of(ROLES).set(path("postgres", "roles", 5), "y"))
                    .hasMessage("cannot set postgres.roles[5]: postgres.roles at 5:5 has 3 items, no index 5");
        }

        @Test
        void anchorsAndAliases() {
            String text = "base: &b\n  x: 1\nother: *b\n";
            assertThatThrownBy(() -> YamlEdit.of(text).set(path("base", "x"), 2L))
                    .hasMessage("cannot edit base.x: base at 1:7 has anchor &b, and its aliases would change too");
            assertThatThrownBy(() -> YamlEdit.of(text).set(path("other", "x"), 2L))
                    .hasMessage("cannot edit other.x: other at 3:8 is an alias of &b; edit the anchored value, or write it out");
            assertThatThrownBy(() -> YamlEdit.of(text).set(path("other"), "x"))
                    .hasMessageStartingWith("cannot edit other: other at 3:8 is an alias");
        }

        @Test
        void badDocuments() {
            assertThatThrownBy(() -> YamlEdit.of("a: [1\nb: 2\n")).isInstanceOf(YamlEditException.class)
                    .hasMessageStartingWith("invalid YAML at ");
            assertThatThrownBy(() -> YamlEdit.of("# only a comment\n")).hasMessage("the document is empty");
            assertThatThrownBy(() -> YamlEdit.of("a: 1\n---\nb: 2\n")).hasMessageStartingWith("invalid YAML");
            assertThatThrownBy(() -> YamlEdit.of("a: &x [*x]\n")).hasMessage("alias '*x' is inside the value it names");
        }

        @Test
        void duplicateKeysAndUnwritableValues() {
            assertThatThrownBy(() -> YamlEdit.of("a: 1\na: 2\n").set(path("a"), 3L))
                    .hasMessage("cannot edit a: the key of a at 2:4 appears more than once in its mapping");
            assertThatThrownBy(() -> YamlEdit.of("a: 1\n").set(path("a"), 1.5))
                    .hasMessage("cannot write a Double to YAML: values are strings, integers, booleans, maps and lists");
            assertThatThrownBy(() -> YamlEdit.of("a: 1\n").set(path("a", 0, "b"), 1L))
                    .hasMessage("cannot set a[0].b: a at 1:4 is a scalar, not a list");
            assertThatThrownBy(() -> YamlEdit.of("a: {}\n").set(path("a", "b", 0), 1L))
                    .hasMessage("cannot set a.b[0]: a.b does not exist, and only mappings are created on the way");
        }

        @Test
        void messagesAreOneLine() {
            assertThatThrownBy(() -> YamlEdit.of("a: \"unterminated\n\n")).satisfies(e ->
                    assertThat(e.getMessage()).doesNotContain("\n").doesNotContain("unterminated"));
        }
    }

    @Nested
    class Positions {
        @Test
        void findsThePathOfAPosition() {
            YamlEdit edit = YamlEdit.of(ROLES);
            assertThat(edit.pathAt(5, 15)).contains(path("postgres", "roles", 0, "name"));
            assertThat(edit.pathAt(5, 7)).contains(path("postgres", "roles", 0, "name"));
            assertThat(edit.pathAt(8, 18)).contains(path("postgres", "roles", 1, "name"));
            assertThat(edit.pathAt(7, 7)).contains(path("postgres", "roles", 0, "password"));
            assertThat(edit.pathAt(2, 1)).contains(path("version"));
            assertThat(edit.pathAt(99, 1)).isEmpty();
        }
    }

    /** The lines of the text, for tests that build expectations line by line. */
    static List<String> copy(List<String> lines) {
        return new ArrayList<>(lines);
    }
}

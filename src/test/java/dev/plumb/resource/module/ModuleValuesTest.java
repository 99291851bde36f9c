package dev.plumb.resource.module;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import dev.plumb.model.Presence;
import dev.plumb.model.Text;
import dev.plumb.plan.Action;
import dev.plumb.resource.module.ModuleDef.KeySpec;
import dev.plumb.resource.module.ModuleDef.KeyType;
import dev.plumb.resource.module.ModuleDef.Norm;
import dev.plumb.resource.module.ModuleValues.Live;

/** Read output parsing, normalisation and the pure diff of module objects. */
class ModuleValuesTest {
    private static KeySpec key(String name, KeyType type, boolean identity, boolean secret) {
        return new KeySpec(name, type, identity, Optional.empty(), List.of(), Optional.empty(), secret, identity, "");
    }

    private static final ModuleDef DEF = new ModuleDef("thing", "a thing", "1", dev.plumb.model.SourceFile.of(Path.of("modules/thing.yml"), new byte[0]),
            List.of(key("name", KeyType.STRING, true, false), key("value", KeyType.STRING, false, false),
                    key("count", KeyType.INT, false, false), key("tags", KeyType.LIST, false, false),
                    key("token", KeyType.STRING, false, true)),
            new ModuleDef.Snippets("r", "c", "u", Optional.of("d")), Optional.empty(),
            Map.of("value", List.of(Norm.BLANKS, Norm.LOWER), "tags", List.of(Norm.UNORDERED)), List.of(), List.of(),
            ModuleDef.DEFAULT_TIMEOUT, ModuleDef.Stage.LATE);

    private static ModuleSpec spec(Presence state, Map<String, Text> values) {
        return new ModuleSpec("h", "thing", "x", values, state);
    }

    @Test
    void parsesKeyValueLinesJsonAndNothing() {
        assertThat(ModuleValues.parse("\n  \n")).isEqualTo(new Live.Absent());
        assertThat(ModuleValues.parse("value=a=b\ntags=x\ntags=y\n"))
                .isEqualTo(new Live.Present(Map.of("value", "a=b", "tags", "x\ny")));
        assertThat(ModuleValues.parse("{\"value\": \"v\\nw\", \"count\": 3, \"tags\": [\"a\", \"b\"], \"gone\": null}"))
                .isEqualTo(new Live.Present(Map.of("value", "v\nw", "count", "3", "tags", "a\nb")));
        assertThat(ModuleValues.parse("value=1\nnot a pair")).isInstanceOf(Live.Unreadable.class)
                .extracting(l -> ((Live.Unreadable) l).why()).asString().startsWith("line 2 ");
        assertThat(ModuleValues.parse("{\"value\": ")).isInstanceOf(Live.Unreadable.class);
        assertThat(ModuleValues.parse("[1]")).isInstanceOf(Live.Unreadable.class);
    }

    @Test
    void normalises() {
        assertThat(ModuleValues.normalize("  A \t B  ", KeyType.STRING, List.of(Norm.BLANKS, Norm.LOWER))).isEqualTo("a b");
        assertThat(ModuleValues.normalize(" x ", KeyType.STRING, List.of(Norm.TRIM))).isEqualTo("x");
        assertThat(ModuleValues.normalize("b\na", KeyType.LIST, List.of(Norm.UNORDERED))).isEqualTo("a\nb");
        assertThat(ModuleValues.normalize("010", KeyType.STRING, List.of(Norm.NUMERIC))).isEqualTo("10");
        assertThat(ModuleValues.normalize("1.50", KeyType.STRING, List.of(Norm.NUMERIC))).isEqualTo("1.5");
        assertThat(ModuleValues.normalize("-0.0", KeyType.STRING, List.of(Norm.NUMERIC))).isEqualTo("0");
        assertThat(ModuleValues.normalize("abc", KeyType.STRING, List.of(Norm.NUMERIC))).isEqualTo("abc");
        assertThat(ModuleValues.normalize("True", KeyType.BOOL, List.of())).isEqualTo("true");
    }

    @Test
    void diffCreatesUpdatesDeletesAndNeverComparesSecrets() {
        Map<String, Text> values = Map.of("name", Text.plain("x"), "value", Text.plain("Hello  World"),
                "count", Text.plain("7"), "tags", Text.plain("a\nb"), "token", Text.secret("hunter2"));
        ModuleDiff.Result create = ModuleDiff.diff(DEF, spec(Presence.PRESENT, values), new Live.Absent());
        assertThat(create.action()).contains(Action.CREATE);
        assertThat(create.change().orElseThrow().toString()).doesNotContain("hunter2");

        Live same = new Live.Present(Map.of("value", "hello world", "count", "007", "tags", "b\na", "token", "other"));
        assertThat(ModuleDiff.diff(DEF, spec(Presence.PRESENT, values), same)).isEqualTo(ModuleDiff.Result.NONE);

        Live other = new Live.Present(Map.of("value", "hello there", "count", "7", "tags", "a\nb"));
        ModuleDiff.Result update = ModuleDiff.diff(DEF, spec(Presence.PRESENT, values), other);
        assertThat(update.action()).contains(Action.UPDATE);
        assertThat(update.change().orElseThrow().attrs()).singleElement()
                .satisfies(a -> assertThat(a.name()).isEqualTo("value"));

        Live missingKey = new Live.Present(Map.of("value", "hello world", "tags", "a\nb"));
        assertThat(ModuleDiff.diff(DEF, spec(Presence.PRESENT, values), missingKey).action()).contains(Action.UPDATE);

        assertThat(ModuleDiff.diff(DEF, spec(Presence.ABSENT, Map.of("name", Text.plain("x"))), same).action())
                .contains(Action.DELETE);
        assertThat(ModuleDiff.diff(DEF, spec(Presence.ABSENT, Map.of("name", Text.plain("x"))), new Live.Absent()))
                .isEqualTo(ModuleDiff.Result.NONE);
    }
}

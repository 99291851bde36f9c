package dev.plumb.inventory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.plumb.model.Diagnostic;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class InventoryTest {
    static final Inventory INV = inventory();

    static Inventory inventory() {
        Map<String, Host> hosts = new LinkedHashMap<>();
        for (String name : List.of("db1", "web1", "web2", "web3", "cache1")) {
            hosts.put(name, new Host(name, name + ".example.com", 22, Optional.empty(),
                    name.equals("web2") ? Map.of("workers", "5") : Map.of()));
        }
        Map<String, List<String>> groups = new LinkedHashMap<>();
        groups.put("db", List.of("db1"));
        groups.put("web", List.of("web3", "web1", "web2"));
        groups.put("eu", List.of("web2", "web3", "db1"));
        Map<String, Map<String, Object>> groupVars = new LinkedHashMap<>();
        groupVars.put("eu", Map.of("region", "eu-west", "tier", "eu"));
        groupVars.put("web", Map.of("workers", "3", "tier", "web"));
        groupVars.put("all", Map.of("region", "global"));
        return new Inventory(Path.of("inv.yml"), new SshSettings(Optional.empty(), Optional.empty(), Path.of("known_hosts"),
                SshSettings.Become.NONE), hosts, groups, Map.of("workers", "1", "region", "none", "app", "x"), groupVars);
    }

    static List<String> select(String pattern) {
        Inventory.Selection s = INV.select(pattern);
        assertThat(s.problems()).isEmpty();
        return s.hosts().stream().map(Host::name).toList();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "all              | db1 web1 web2 web3 cache1",
            "*                | db1 web1 web2 web3 cache1",
            "web              | web1 web2 web3",
            "db1              | db1",
            "web:db           | db1 web1 web2 web3",
            "web,db           | db1 web1 web2 web3",
            "web:!web2        | web1 web3",
            "web:&eu          | web2 web3",
            "web:&eu:!web3    | web2",
            "web:!web3:&eu    | web2",
            "!web3:&eu        | db1 web2",
            "web*             | web1 web2 web3",
            "*1               | db1 web1 cache1",
            "e*               | db1 web2 web3",
            "all:!eu          | web1 cache1",
            "' web : !web1 '  | web2 web3",
    })
    void patternsSelectHostsInInventoryOrder(String pattern, String expected) {
        assertThat(select(pattern)).containsExactly(expected.split(" "));
    }

    @Test
    void unknownNamesAreProblemsWithAHint() {
        Inventory.Selection s = INV.select("web:!wbe2:&euu");
        assertThat(s.problems()).extracting(Diagnostic::message)
                .containsExactly("unknown host or group 'euu'", "unknown host or group 'wbe2'");
        assertThat(s.problems()).extracting(d -> d.hint().orElseThrow())
                .containsExactly("did you mean 'eu'?", "did you mean 'web2'?");
        assertThat(INV.select("nomatch*").problems()).extracting(Diagnostic::message)
                .containsExactly("'nomatch*' matches no host or group in the inventory");
    }

    @Test
    void syntaxErrors() {
        assertThatThrownBy(() -> HostPattern.parse("")).hasMessage("host pattern is empty");
        assertThatThrownBy(() -> HostPattern.parse("web::db")).hasMessageContaining("empty term");
        assertThatThrownBy(() -> HostPattern.parse("web:!")).hasMessageContaining("empty term");
        assertThatThrownBy(() -> HostPattern.parse("web db")).hasMessageContaining("invalid term 'web db'");
        assertThat(INV.select("web:?").problems()).extracting(Diagnostic::message)
                .containsExactly("host pattern 'web:?' has an invalid term '?' (names are letters, digits, '_', '.', '-' and '*')");
        assertThat(HostPattern.parse("a:&b,!c").terms()).containsExactly(new HostPattern.Term(HostPattern.Op.UNION, "a"),
                new HostPattern.Term(HostPattern.Op.INTERSECT, "b"), new HostPattern.Term(HostPattern.Op.EXCLUDE, "c"));
    }

    @Test
    void varsPrecedenceHostOverGroupsInFileOrderOverAllOverInventory() {
        Host web2 = INV.host("web2").orElseThrow();
        // web and eu both set tier: eu is declared later under groups: (group_vars order does not matter).
        assertThat(INV.varsFor(web2)).containsEntry("workers", "5").containsEntry("tier", "eu")
                .containsEntry("region", "eu-west").containsEntry("app", "x");
        assertThat(INV.varsFor(INV.host("web1").orElseThrow())).containsEntry("workers", "3")
                .containsEntry("tier", "web").containsEntry("region", "global");
        assertThat(INV.varsFor(INV.host("cache1").orElseThrow())).containsEntry("workers", "1")
                .containsEntry("region", "global").doesNotContainKey("tier");
        assertThat(INV.groupsOf("web2")).containsExactly("web", "eu");
    }

    @Test
    void hostNamesAndPortsAreChecked() {
        assertThat(Host.checkName("web-1.a_b")).isEmpty();
        assertThat(Host.checkName("all")).contains("'all' is reserved for the group of every host");
        assertThat(Host.checkName("a:b")).isPresent();
        assertThat(Host.checkPort(0)).contains("port 0 is out of range 1-65535");
        assertThatThrownBy(() -> new Host("x", "x", 65536, Optional.empty(), Map.of()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "web*       | web1      | true",
            "*b*        | web1      | true",
            "w*b*1      | web1      | true",
            "w**1       | web1      | true",
            "*1         | web1      | true",
            "web1*      | web1      | true",
            "*web1*     | web1      | true",
            "w*e*b*1*   | web1      | true",
            "*2         | web1      | false",
            "web*1*2    | web1      | false",
            "a*a        | a         | false",
            "ab*ba      | aba       | false",
            "*ab*ab*    | xabyab    | true",
            "*ab*ab*    | xaba      | false",
    })
    void globsMatchTheWholeName(String glob, String name, boolean matches) {
        assertThat(new HostPattern.Term(HostPattern.Op.UNION, glob).matches(name)).isEqualTo(matches);
    }

    @Test
    void aGlobWithManyStarsMatchesWithoutBacktracking() {
        // A regular expression backtracks through every way of sharing the name among the stars: hours.
        String name = "a".repeat(200);
        HostPattern.Term glob = new HostPattern.Term(HostPattern.Op.UNION, "*a".repeat(60) + "*b");
        assertTimeoutPreemptively(Duration.ofSeconds(2), () -> {
            assertThat(glob.matches(name)).isFalse();
            assertThat(new HostPattern.Term(HostPattern.Op.UNION, "*a".repeat(60) + "*").matches(name)).isTrue();
            assertThat(INV.select("*e*b*" + "*".repeat(40) + "x").problems()).hasSize(1);
        });
    }
}

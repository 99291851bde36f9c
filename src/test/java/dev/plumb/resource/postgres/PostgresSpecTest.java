package dev.plumb.resource.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.plumb.transport.jdbc.Endpoint;
import dev.plumb.model.Presence;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PostgresSpecTest {

    @Test
    void identifiersAreAnyStringUpTo63BytesWithoutNul() {
        assertThat(Identifiers.check("name", "we'ird \"name\" $(x)\n")).isEmpty();
        assertThat(Identifiers.check("name", "é".repeat(31))).isEmpty();
        assertThat(Identifiers.check("name", "é".repeat(32))).contains("name is 64 bytes long; PostgreSQL identifiers are at most 63 bytes");
        assertThat(Identifiers.check("name", "a\0b")).contains("name cannot contain NUL");
        assertThat(Identifiers.checkRole("PUBLIC")).isPresent();
        assertThat(Identifiers.checkRole("pg_monitor")).isPresent();
        assertThat(Identifiers.checkSetting("auto_explain.log_min_duration")).isEmpty();
        assertThat(Identifiers.checkSetting("bad-name")).isPresent();
    }

    @Test
    void hbaAddresses() {
        assertThat(HbaRule.checkAddress("10.0.0.0/8")).isEmpty();
        assertThat(HbaRule.checkAddress("0.0.0.0/0")).isEmpty();
        assertThat(HbaRule.checkAddress("::1/128")).isEmpty();
        assertThat(HbaRule.checkAddress("samenet")).isEmpty();
        assertThat(HbaRule.checkAddress("10.0.0.256/8")).isPresent();
        assertThat(HbaRule.checkAddress("10.0.0/8")).isPresent();
        assertThat(HbaRule.checkAddress("10.0.0.1")).isPresent();
        assertThat(HbaRule.checkAddress("::1/129")).isPresent();
        assertThat(HbaRule.checkAddress("fe80::zz/64")).isPresent();
        assertThat(HbaRule.checkClientAddress(HbaRule.Type.LOCAL, Optional.empty())).isEmpty();
        assertThat(HbaRule.checkClientAddress(HbaRule.Type.HOSTSSL, Optional.empty())).contains("a hostssl rule needs an address");
    }

    @Test
    void privilegesAreCheckedPerTarget() {
        GrantTarget db = new GrantTarget.OnDatabase("d");
        GrantTarget fns = new GrantTarget.OnObjects("d", "s", ObjectType.FUNCTIONS, List.of());
        assertThat(GrantSpec.checkPrivileges(db, List.of("connect", "Temp"))).isEmpty();
        assertThat(GrantSpec.checkPrivileges(db, List.of("ALL PRIVILEGES"))).isEmpty();
        assertThat(GrantSpec.checkPrivileges(fns, List.of("EXECUTE"))).isEmpty();
        assertThat(GrantSpec.checkPrivileges(fns, List.of("SELECT"))).contains(
                "privilege 'SELECT' cannot be granted on functions; valid: ALL, EXECUTE");
        assertThat(GrantSpec.checkPrivileges(db, List.of("CONNECT", "connect"))).contains("privilege CONNECT is listed twice");
        assertThat(GrantSpec.checkPrivileges(db, List.of())).isPresent();
        GrantSpec g = new GrantSpec("h", "public", List.of("all privileges"), db, false, Presence.PRESENT);
        assertThat(g.role()).isEqualTo("PUBLIC");
        assertThat(g.privileges()).containsExactly("ALL");
        assertThat(g.address().toString()).isEqualTo("h/postgres/grant/PUBLIC@database:d");
        assertThatThrownBy(() -> new GrantSpec("h", "r", List.of("USAGE"), db, false, Presence.PRESENT))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void endpoints() {
        assertThat(Endpoint.parse("db1:5432")).isEqualTo(new Endpoint("db1", 5432));
        assertThat(Endpoint.parse("[::1]:5433")).isEqualTo(new Endpoint("::1", 5433));
        assertThat(Endpoint.parse("[::1]:5433").toString()).isEqualTo("[::1]:5433");
        for (String bad : List.of("db1", ":5432", "db1:0", "db1:x", "db1:70000")) {
            assertThatThrownBy(() -> Endpoint.parse(bad)).hasMessageContaining("expected host:port");
        }
    }
}

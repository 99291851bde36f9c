package dev.plumb.resource.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

class PrivilegesTest {
    @Test
    void allExpandsPerObjectTypeAndServerVersion() {
        GrantTarget db = new GrantTarget.OnDatabase("d");
        GrantTarget schema = new GrantTarget.OnSchema("d", "s");
        GrantTarget tables = new GrantTarget.OnObjects("d", "s", ObjectType.TABLES, List.of());
        GrantTarget sequences = new GrantTarget.OnObjects("d", "s", ObjectType.SEQUENCES, List.of());
        GrantTarget functions = new GrantTarget.OnObjects("d", "s", ObjectType.FUNCTIONS, List.of("f()"));
        GrantTarget defaults = new GrantTarget.DefaultPrivileges("d", "s", "owner", ObjectType.TABLES);
        List<String> all = List.of("ALL");
        assertThat(Privileges.expand(db, all, 150000)).containsExactly("CONNECT", "CREATE", "TEMPORARY");
        assertThat(Privileges.expand(schema, all, 170000)).containsExactly("CREATE", "USAGE");
        assertThat(Privileges.expand(tables, all, 160000)).containsExactly("DELETE", "INSERT", "REFERENCES", "SELECT",
                "TRIGGER", "TRUNCATE", "UPDATE");
        assertThat(Privileges.expand(tables, all, 170000)).contains("MAINTAIN").hasSize(8);
        assertThat(Privileges.expand(defaults, all, 170000)).contains("MAINTAIN");
        assertThat(Privileges.expand(sequences, all, 170000)).containsExactly("SELECT", "UPDATE", "USAGE");
        assertThat(Privileges.expand(functions, all, 170000)).containsExactly("EXECUTE");
        assertThat(Privileges.expand(tables, List.of("SELECT", "INSERT"), 170000)).containsExactly("INSERT", "SELECT");
    }
}

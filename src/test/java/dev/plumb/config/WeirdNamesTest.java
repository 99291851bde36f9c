package dev.plumb.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.plumb.resource.file.FileContent;
import dev.plumb.resource.file.FileSpec;
import dev.plumb.resource.postgres.DatabaseSpec;
import dev.plumb.resource.postgres.GrantSpec;
import dev.plumb.resource.postgres.RoleSpec;
import dev.plumb.resource.postgres.SchemaSpec;
import dev.plumb.resource.systemd.ServiceSpec;
import org.junit.jupiter.api.Test;

/** Quotes, spaces, {@code $()} and newlines in names are legal data and load unchanged. */
class WeirdNamesTest {
    static final String ROLE = "o'brien \"quoted\" $(rm -rf /) `id`\nnext line";
    static final String DB = "my db; DROP DATABASE postgres; --";

    @Test
    void loadsNamesVerbatim() {
        Desired d = Fixtures.loadClean(Fixtures.ROOT.resolve("good/weird-names.yml"), Fixtures.LAB_INVENTORY);
        HostDesired db = d.host("host1").orElseThrow();
        assertThat(db.resources(RoleSpec.class)).extracting(RoleSpec::name).containsExactly(ROLE);
        assertThat(db.resources(DatabaseSpec.class)).extracting(DatabaseSpec::name).containsExactly(DB);
        assertThat(db.resources(SchemaSpec.class)).extracting(SchemaSpec::key).containsExactly(DB + ".sch\"ema");
        assertThat(db.resources(GrantSpec.class)).extracting(g -> g.address().toString())
                .containsExactly("host1/postgres/grant/" + ROLE + "@database:" + DB);

        HostDesired web = d.host("host2").orElseThrow();
        FileSpec file = web.resources(FileSpec.class).get(0);
        assertThat(file.path()).isEqualTo("/etc/my app/$(touch x) 'q' \"dq\".conf");
        assertThat(((FileContent.Env) file.content().orElseThrow()).body().reveal())
                .isEqualTo("WEIRD=\"it's \\\"quoted\\\" \\$(cmd) \\`tick\\` \\\\ back \\$HOME\"\n");
        assertThat(web.resources(ServiceSpec.class)).extracting(ServiceSpec::name).containsExactly("my\\x20app.service");
    }
}

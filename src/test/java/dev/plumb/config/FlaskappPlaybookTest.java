package dev.plumb.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.plumb.inventory.Inventory;
import dev.plumb.model.Text;
import dev.plumb.resource.file.FileContent;
import dev.plumb.resource.file.FileSpec;
import dev.plumb.resource.postgres.MigrationSpec;
import dev.plumb.resource.postgres.RoleSpec;
import dev.plumb.resource.systemd.ServiceSpec;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The shipped playbook loads cleanly against the lab's shape and says what the seed guide says. */
class FlaskappPlaybookTest {
    static final Path PLAYBOOK = Path.of("playbooks/flaskapp.yml");

    @Test
    void loadsWithoutDiagnostics() {
        Desired d = Fixtures.loadClean(PLAYBOOK, Fixtures.LAB_INVENTORY);
        assertThat(d.hosts()).extracting(h -> h.host().name()).containsExactly("host1", "host2", "host3");

        HostDesired db = d.host("host1").orElseThrow();
        assertThat(db.resources()).extracting(r -> r.address().toString()).containsExactly(
                "host1/postgres/setting/listen_addresses",
                "host1/postgres/role/flaskapp",
                "host1/postgres/database/flaskapp_prod",
                "host1/postgres/schema/flaskapp_prod.public",
                "host1/postgres/grant/flaskapp@database:flaskapp_prod",
                "host1/postgres/grant/flaskapp@schema:flaskapp_prod.public",
                "host1/postgres/hba/host:flaskapp_prod:flaskapp:127.0.0.1/32",
                "host1/postgres/hba/host:flaskapp_prod:flaskapp:198.18.0.0/24",
                "host1/postgres/migrations/flaskapp_prod",
                "host1/postgres/server/admin");
        RoleSpec role = db.resources(RoleSpec.class).get(0);
        assertThat(role.settings()).contains(Map.of("client_encoding", "utf8",
                "default_transaction_isolation", "read committed", "timezone", "UTC"));
        assertThat(role.password().orElseThrow().reveal()).isEqualTo(Fixtures.ENV.get("FLASKAPP_DB_PASSWORD"));
        assertThat(db.resources(MigrationSpec.class).get(0).location()).isEqualTo(Path.of("playbooks/migrations/flaskapp"));

        HostDesired web = d.host("host3").orElseThrow();
        FileSpec env = web.resources(FileSpec.class).get(1);
        assertThat(env.mode()).isEqualTo("0600");
        assertThat(((FileContent.Env) env.content().orElseThrow()).body().reveal()).isEqualTo(
                "DATABASE_URL=postgresql://flaskapp:flask-pw-0451@198.18.0.11:5432/flaskapp_prod\n"
                        + "FLASK_ENV=production\n");
        ServiceSpec service = web.resources(ServiceSpec.class).get(0);
        assertThat(service.name()).isEqualTo("myapp.service");
        assertThat(service.unit().map(Text::reveal).orElseThrow())
                .contains("ExecStart=/usr/bin/gunicorn --workers 3 --bind 127.0.0.1:8000 wsgi:app\n");
        assertThat(d.plays().get(1).after()).containsExactly("db");
        assertThat(d.sources()).extracting(s -> s.path().getFileName().toString()).contains(
                "flaskapp.yml", "V1__create_notes.sql", "V2__index_notes.sql", "wsgi.py");
    }

    @Test
    void exampleInventoryLoads() {
        Loaded<Inventory> inv = InventoryLoader.load(Path.of("inventory/example.yml"));
        assertThat(inv.diagnostics()).isEmpty();
        assertThat(inv.value().orElseThrow().hosts().keySet()).containsExactly("db1", "web1", "web2");
    }
}

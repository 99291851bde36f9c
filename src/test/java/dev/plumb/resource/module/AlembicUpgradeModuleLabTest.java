package dev.plumb.resource.module;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.plumb.cli.Cli;
import dev.plumb.cli.Workspace;
import dev.plumb.lab.Lab;
import dev.plumb.lab.LabHost;
import dev.plumb.lab.LabHosts;

/**
 * The shipped alembic_upgrade module against a tiny Flask-Migrate app (SQLite, Debian's
 * python3-flask-migrate) with two revisions: upgrade, empty plan, a third revision is exactly one
 * pending change, a hand downgrade drifts, repair; the module has no delete, so absent is refused.
 */
@LabHosts(count = 4)
class AlembicUpgradeModuleLabTest {
    private static final String APP = "/srv/plumb-migapp";
    private static final String SETUP = """
            set -e
            d=%1$s; rm -rf "$d"; mkdir -p "$d"; cd "$d"
            cat > app.py <<'PY'
            import os
            from flask import Flask
            from flask_sqlalchemy import SQLAlchemy
            from flask_migrate import Migrate
            app = Flask(__name__)
            app.config["SQLALCHEMY_DATABASE_URI"] = os.environ["DATABASE_URL"]
            db = SQLAlchemy(app)
            migrate = Migrate(app, db)
            PY
            printf 'DATABASE_URL=sqlite:///%1$s/app.db\\n' > app.env
            DATABASE_URL=sqlite:///%1$s/app.db /usr/bin/flask db init >/dev/null 2>&1
            """;

    private final Lab lab;
    private final LabHost host;

    AlembicUpgradeModuleLabTest(Lab lab) {
        this.lab = lab;
        this.host = lab.host(4);
    }

    @BeforeEach
    void app() {
        lab.ssh(host, SETUP.formatted(APP) + revision("0001", "None") + revision("0002", "\"0001\"")).orThrow();
    }

    @AfterEach
    void remove() {
        lab.ssh(host, "rm -rf " + APP).orThrow();
    }

    /** A script that adds a revision creating table t{@code id}. */
    private static String revision(String id, String down) {
        return """
                cat > %s/migrations/versions/%s_t.py <<'PY'
                from alembic import op
                import sqlalchemy as sa
                revision = "%s"
                down_revision = %s
                branch_labels = None
                depends_on = None
                def upgrade():
                    op.create_table("t%s", sa.Column("id", sa.Integer, primary_key=True))
                def downgrade():
                    op.drop_table("t%s")
                PY
                """.formatted(APP, id, id, down, id, id);
    }

    @Test
    void lifecycle(@TempDir Path dir) {
        Workspace ws = ModuleLab.workspace(lab, host, dir);
        String entry = "{name: migapp, directory: %s, env_file: %s/app.env, flask: /usr/bin/flask".formatted(APP, APP);
        ws.playbook("""
                plays:
                  - hosts: web
                    alembic_upgrade:
                      - %s}
                """.formatted(entry));
        Cli.Result plan = ws.plumb("plan");
        assertThat(plan.exit()).as("%s", plan).isEqualTo(2);
        assertThat(plan.out()).contains("+ alembic_upgrade migapp");

        ws.converge();
        assertThat(current()).contains("0002 (head)");

        lab.ssh(host, revision("0003", "\"0002\"")).orThrow();
        Cli.Result third = ws.plumb("plan");
        assertThat(third.exit()).as("%s", third).isEqualTo(2);
        assertThat(third.changeLines()).containsExactly("  ~ alembic_upgrade migapp");
        assertThat(third.out()).contains("revision: 0002 → head");
        ws.converge();
        assertThat(current()).contains("0003 (head)");

        lab.ssh(host, "cd " + APP + " && set -a && . ./app.env && /usr/bin/flask db downgrade 0001 >/dev/null 2>&1")
                .orThrow();
        Cli.Result drift = ws.plumb("drift");
        assertThat(drift.exit()).as("%s", drift).isEqualTo(2);
        assertThat(drift.out()).contains("~ alembic_upgrade migapp", "revision: 0001 → head");
        ws.converge();
        assertThat(current()).contains("0003 (head)");

        ws.playbook("""
                plays:
                  - hosts: web
                    alembic_upgrade:
                      - %s, state: absent}
                """.formatted(entry));
        Cli.Result absent = Cli.run("validate", ws.dir().resolve("playbook.yml").toString(), "-i",
                ws.inventoryFile().toString());
        assertThat(absent.exit()).isEqualTo(1);
        assertThat(absent.err()).contains("module alembic_upgrade cannot remove objects: it has no delete snippet");
    }

    private String current() {
        return lab.ssh(host, "cd " + APP + " && set -a && . ./app.env && /usr/bin/flask db current 2>/dev/null")
                .orThrow().out();
    }
}

package dev.plumb.resource.file;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

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
 * {@code plumb import --kinds files:DIR,services:UNIT} of two hosts prepared alike writes one
 * play for both, with no secret value in the file or the output, and {@code plan} of it with the
 * secrets' variables set to the live values is empty.
 */
@LabHosts(count = 2)
class ImportCliLabTest {
    private static final String PASSWORD = "cli-pw-6d1";
    private static final String TOKEN = "cli-tok-0b7";

    private final Lab lab;
    private Workspace ws;
    private String dir;
    private String unit;

    ImportCliLabTest(Lab lab) {
        this.lab = lab;
    }

    @BeforeEach
    void setUp(@TempDir Path tmp) {
        ws = new Workspace(lab, tmp);
        ws.inventory(List.of(lab.host(1), lab.host(2)), "root", "none", lab.knownHosts());
        long n = System.nanoTime();
        dir = "/srv/plumbtest/cli-" + n;
        unit = "plumbcli-" + n;
        for (LabHost h : List.of(lab.host(1), lab.host(2))) {
            lab.ssh(h, ("set -e\nmkdir -p @D@\n"
                    + "printf 'DATABASE_URL=postgresql://app:" + PASSWORD + "@db1/app\\nAPI_TOKEN=" + TOKEN + "\\n' > @D@/app.env\n"
                    + "chmod 0640 @D@/app.env\nprintf 'x = ${HOME}\\n' > @D@/app.conf\n"
                    + "printf '[Service]\\nExecStart=/usr/bin/sleep infinity\\n[Install]\\nWantedBy=multi-user.target\\n'"
                    + " > /etc/systemd/system/@U@.service\nsystemctl daemon-reload\nsystemctl enable --now @U@ 2>/dev/null\n")
                    .replace("@D@", dir).replace("@U@", unit)).orThrow();
        }
    }

    @AfterEach
    void clean() {
        for (LabHost h : List.of(lab.host(1), lab.host(2))) {
            lab.ssh(h, "rm -rf " + dir + "; systemctl disable --now " + unit + " >/dev/null 2>&1; rm -f /etc/systemd/system/"
                    + unit + ".service; systemctl daemon-reload");
        }
    }

    @Test
    void importThenPlanIsEmpty() throws Exception {
        Path out = ws.dir().resolve("imported.yml");
        Cli.Result imported = Cli.run("import", "-i", ws.inventoryFile().toString(), "--hosts", "web", "--kinds",
                "files:" + dir + ",services:" + unit, "-o", out.toString(), "-q");
        assertThat(imported.exit()).as("%s", imported).isZero();
        String yaml = Files.readString(out);
        assertThat(yaml + imported.all()).doesNotContain(PASSWORD, TOKEN);
        assertThat(yaml).contains("APP_ENV_DATABASE_URL", "APP_ENV_API_TOKEN", "$${HOME}", "hosts: web")
                .containsOnlyOnce("- hosts:");

        ws.usePlaybook(out);
        ws.env("APP_ENV_DATABASE_URL", PASSWORD).env("APP_ENV_API_TOKEN", TOKEN);
        Cli.Result plan = ws.plumb("plan");
        assertThat(plan.exit()).as("%s\n%s", yaml, plan).isZero();
        assertThat(plan.all()).doesNotContain(PASSWORD, TOKEN);
    }
}

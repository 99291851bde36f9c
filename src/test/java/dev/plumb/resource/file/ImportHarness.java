package dev.plumb.resource.file;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;

import dev.plumb.lab.Lab;
import dev.plumb.lab.LabHost;
import dev.plumb.model.Redactor;
import dev.plumb.resource.HostRun;
import dev.plumb.resource.ImportOptions;
import dev.plumb.resource.ImportPart;
import dev.plumb.resource.Imported;
import dev.plumb.resource.ImportedSecret;
import dev.plumb.resource.Importer;
import dev.plumb.transport.ssh.ExecResult;
import dev.plumb.transport.ssh.SshSession;
import dev.plumb.transport.ssh.SshTarget;

/**
 * Runs an importer against a lab host as the engine would (its probe fragment in one SSH round
 * trip, then {@code read}), and writes imported values into a playbook as {@code plumb import}
 * will: {@code secrets: {NAME: {env: VARIABLE}}} and one play.
 */
public final class ImportHarness {
    private ImportHarness() {}

    public static Imported run(Lab lab, LabHost host, Importer importer, List<String> scopes, boolean exclusive)
            throws Exception {
        for (String scope : scopes) {
            assertThat(importer.checkScope(scope)).as("scope %s", scope).isEmpty();
        }
        SshTarget target = new SshTarget(host.name(), host.sshAddress(), host.port(), "root",
                Optional.of(lab.privateKey()), Optional.empty(), lab.knownHosts(), false, false, Duration.ofSeconds(10));
        try (SshSession session = SshSession.open(target);
             ImportPart part = importer.open(new HostRun(host.name(), session, Redactor.NONE), scopes,
                     new ImportOptions(exclusive, Map.of()))) {
            ExecResult r = session.run(part.probe(), Duration.ofSeconds(60));
            assertThat(r.ok()).as("probe: exit %s, %s", r.exitCode(), r.stderr()).isTrue();
            assertThat(session.roundTrips()).isEqualTo(1);
            return part.read(r.out().lines().filter(l -> !l.isEmpty()).toList());
        }
    }

    /** A playbook with {@code secrets} and one play for {@code hosts} holding each non-null value. */
    public static String playbook(List<ImportedSecret> secrets, String hosts, Object files, Object services) {
        Map<String, Object> doc = new LinkedHashMap<>();
        if (!secrets.isEmpty()) {
            Map<String, Object> s = new LinkedHashMap<>();
            secrets.forEach(x -> s.put(x.name(), Map.of("env", x.variable())));
            doc.put("secrets", s);
        }
        Map<String, Object> play = new LinkedHashMap<>();
        play.put("hosts", hosts);
        if (files != null) {
            play.put("files", files);
        }
        if (services != null) {
            play.put("services", services);
        }
        doc.put("plays", List.of(play));
        DumperOptions o = new DumperOptions();
        o.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        o.setWidth(4096);
        return new Yaml(o).dump(doc);
    }

    /** Everything an import says, in one string: for asserting that no secret value is in it. */
    public static String said(Imported imported, String yaml) {
        return imported.value() + "\n" + imported.notes() + "\n" + imported.problems() + "\n" + imported.secrets()
                + "\n" + yaml;
    }
}

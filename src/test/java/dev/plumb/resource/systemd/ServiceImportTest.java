package dev.plumb.resource.systemd;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import dev.plumb.resource.Imported;
import dev.plumb.resource.file.FilePlanner;
import dev.plumb.resource.file.FileState;

/** From what the probe found to the value of services:, with no host. */
class ServiceImportTest {
    private static final String UNIT = "myapp.service";
    private static final String PATH = "/etc/systemd/system/myapp.service";

    private static FileState.Regular unitFile(String mode, String text) {
        byte[] b = text.getBytes(StandardCharsets.UTF_8);
        return new FileState.Regular(mode, "root", "root", b.length, FilePlanner.sha256(b), Optional.of(b));
    }

    private static UnitState state(String active, String unitFileState) {
        return new UnitState("loaded", active, "", unitFileState, 0, false);
    }

    private static Imported build(FileState file, UnitState state, UnitProbe.UnitFiles where) {
        return ServiceImport.build("web1", List.of(UNIT), Map.of(PATH, file), Map.of(UNIT, state), Map.of(UNIT, where));
    }

    @Test
    void aManagedUnitIsItsTextEnabledAndState() {
        Imported i = build(unitFile("0644", "[Service]\nEnvironment=DB_PASSWORD=pw-9\nExecStart=/bin/x ${A}\n"),
                state("active", "enabled"), new UnitProbe.UnitFiles(PATH, ""));
        assertThat(i.value()).isEqualTo(List.of(Map.of("name", "myapp",
                "unit", "[Service]\nEnvironment=DB_PASSWORD=${secret.myapp_service_db_password}\nExecStart=/bin/x $${A}\n",
                "enabled", true, "state", "running")));
        assertThat(i.notes()).isEmpty();
        assertThat(i.toString()).doesNotContain("pw-9");

        Imported stopped = build(unitFile("0600", "[Service]\nExecStart=/bin/x\n"), state("failed", "disabled"),
                new UnitProbe.UnitFiles(PATH, "/etc/systemd/system/myapp.service.d/o.conf"));
        assertThat(stopped.value()).isEqualTo(List.of(Map.of("name", "myapp", "unit", "${secret.myapp_service}\n",
                "enabled", false, "state", "stopped")));
        assertThat(stopped.notes()).singleElement().asString().contains("drop-ins", "o.conf");
    }

    @Test
    void aPackagedOrStaticUnitImportsWhatCanBeDeclared() {
        Imported packaged = build(new FileState.Absent(), state("active", "static"),
                new UnitProbe.UnitFiles("/lib/systemd/system/myapp.service", ""));
        assertThat(packaged.value()).isEqualTo(List.of(Map.of("name", "myapp", "state", "running")));
        assertThat(packaged.notes()).containsExactly(
                "myapp.service is defined outside /etc/systemd/system (/lib/systemd/system/myapp.service, from a package?);"
                        + " imported its enabled and state only",
                "myapp.service is static: enabled is not imported");
        Imported masked = build(new FileState.Other(), new UnitState("masked", "inactive", "", "masked", 0, false),
                UnitProbe.UnitFiles.NONE);
        assertThat(masked.notes()).first().asString().contains("masked");
    }

    @Test
    void aMissingUnitIsAbsentAndAnUnreadableOneAProblem() {
        Imported missing = build(new FileState.Absent(), UnitState.NOT_FOUND, UnitProbe.UnitFiles.NONE);
        assertThat(missing.problems()).isEmpty();
        assertThat(missing.absent()).containsExactly("myapp.service");
        FileState.Regular latin1 = new FileState.Regular("0644", "root", "root", 1, FilePlanner.sha256(new byte[] {(byte) 0xff}),
                Optional.of(new byte[] {(byte) 0xff}));
        assertThat(build(latin1, state("active", "enabled"), UnitProbe.UnitFiles.NONE).problems()).singleElement()
                .asString().startsWith(PATH + " is not UTF-8 text");
    }

    @Test
    void scopes() {
        var importer = new ServiceKind().importer().orElseThrow();
        assertThat(importer.checkScope("myapp")).isEmpty();
        assertThat(importer.checkScope("myapp.service")).isEmpty();
        assertThat(importer.checkScope("")).isPresent();
        assertThat(importer.checkScope("myapp.timer")).isPresent();
        assertThat(importer.checkScope("getty@")).isPresent();
        assertThat(importer.checkScope("a\nb")).hasValueSatisfying(m -> assertThat(m).doesNotContain("\n"));
    }

    @Test
    void unitFilesParseFromSystemctlShow() {
        String show = "FragmentPath=/lib/systemd/system/a.service\nDropInPaths=/etc/x.conf /run/y.conf\n\n"
                + "FragmentPath=\nDropInPaths=\n";
        String line = UnitProbe.FILES_PREFIX + java.util.Base64.getEncoder().encodeToString(show.getBytes());
        Map<String, UnitProbe.UnitFiles> files = UnitProbe.parseFiles(List.of("U\tx", line), List.of("a", "b", "c"));
        assertThat(files).containsEntry("a", new UnitProbe.UnitFiles("/lib/systemd/system/a.service", "/etc/x.conf /run/y.conf"))
                .containsEntry("b", UnitProbe.UnitFiles.NONE).containsEntry("c", UnitProbe.UnitFiles.NONE);
    }
}

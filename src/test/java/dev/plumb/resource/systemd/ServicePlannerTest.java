package dev.plumb.resource.systemd;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import dev.plumb.model.Redactor;
import dev.plumb.model.Text;
import dev.plumb.plan.Action;
import dev.plumb.plan.Change;
import dev.plumb.resource.file.FilePlanner;
import dev.plumb.resource.file.FileState;

class ServicePlannerTest {
    private static final String UNIT = "[Service]\nExecStart=/bin/true\n";
    private static final UnitState RUNNING_ENABLED =
            new UnitState("loaded", "active", "running", "enabled", 42, false);
    private static final UnitState STOPPED_DISABLED =
            new UnitState("loaded", "inactive", "dead", "disabled", 0, false);

    static ServiceSpec spec(ServicePresence state, Optional<Boolean> enabled) {
        return new ServiceSpec("h", "app.service", Optional.of(Text.plain(UNIT)), enabled, state, List.of());
    }

    static FileState unitFile(String text) {
        byte[] b = text.getBytes(StandardCharsets.UTF_8);
        return new FileState.Regular("0644", "root", "root", b.length, FilePlanner.sha256(text), Optional.of(b));
    }

    static List<String> summary(ServicePlanner.Result r) {
        return r.changes().stream().map(c -> c.action().word() + " " + c.attrs().stream()
                .map(a -> a.name() + ":" + a.before().orElse("") + ">" + a.after().orElse(""))
                .reduce((a, b) -> a + "," + b).orElse("") + c.reason().map(x -> " (" + x + ")").orElse(""))
                .toList();
    }

    @Test
    void freshHostCreatesEnablesAndStartsWithoutARestart() {
        var r = ServicePlanner.diff(spec(ServicePresence.RUNNING, Optional.of(true)), new FileState.Absent(),
                UnitState.NOT_FOUND, List.of("notified by /etc/a"), Redactor.NONE);
        assertThat(summary(r)).containsExactly(
                "create unit file:>/etc/systemd/system/app.service,enabled:false>true,state:stopped>running");
        assertThat(r.ops().start()).isTrue();
        assertThat(r.ops().restart()).isFalse();
    }

    @Test
    void matchingServiceIsANoOpEvenWhenEnabledIsLeftOpen() {
        var r = ServicePlanner.diff(spec(ServicePresence.RUNNING, Optional.empty()), unitFile(UNIT),
                RUNNING_ENABLED, List.of(), Redactor.NONE);
        assertThat(r.changes()).isEmpty();
        assertThat(r.ops().isEmpty()).isTrue();
    }

    @Test
    void changedUnitOfARunningServiceRestartsOnceWithEveryReason() {
        var r = ServicePlanner.diff(spec(ServicePresence.RUNNING, Optional.of(true)), unitFile("[Service]\nold\n"),
                RUNNING_ENABLED, List.of("notified by /etc/a", "notified by /etc/b"), Redactor.NONE);
        assertThat(summary(r)).containsExactly("update unit file:differs>/etc/systemd/system/app.service",
                "restart  (unit file changed; notified by /etc/a; notified by /etc/b)");
        assertThat(r.ops().writeUnit()).isPresent();
    }

    @Test
    void stoppedDesiredStopsAndNeverRestarts() {
        var r = ServicePlanner.diff(spec(ServicePresence.STOPPED, Optional.of(false)), unitFile(UNIT), RUNNING_ENABLED,
                List.of("notified by /etc/a"), Redactor.NONE);
        assertThat(summary(r)).containsExactly("update enabled:true>false,state:running>stopped");
        assertThat(r.ops().stop()).isTrue();
        assertThat(r.ops().restart()).isFalse();
    }

    @Test
    void absentStopsDisablesAndRemovesTheUnitFile() {
        var spec = new ServiceSpec("h", "app.service", Optional.empty(), Optional.empty(), ServicePresence.ABSENT,
                List.of());
        var r = ServicePlanner.diff(spec, unitFile(UNIT), RUNNING_ENABLED, List.of(), Redactor.NONE);
        assertThat(r.changes()).extracting(Change::action).containsExactly(Action.DELETE);
        assertThat(r.ops().removeUnit()).isTrue();
        assertThat(ServicePlanner.diff(spec, new FileState.Absent(), UnitState.NOT_FOUND, List.of(), Redactor.NONE)
                .changes()).isEmpty();
    }

    @Test
    void aStateOnlyServiceThatDoesNotExistIsAnError() {
        var spec = new ServiceSpec("h", "nope.service", Optional.empty(), Optional.empty(), ServicePresence.RUNNING,
                List.of());
        assertThat(ServicePlanner.diff(spec, new FileState.Absent(), UnitState.NOT_FOUND, List.of(), Redactor.NONE)
                .error()).hasValueSatisfying(e -> assertThat(e).contains("nope.service does not exist"));
    }

    @Test
    void unitFactsParseOneBlockPerUnitInOrder() {
        String show = "LoadState=loaded\nActiveState=active\nSubState=running\nUnitFileState=enabled\nMainPID=7\n"
                + "NeedDaemonReload=no\n\nLoadState=not-found\nActiveState=inactive\nSubState=dead\n"
                + "UnitFileState=\nMainPID=0\nNeedDaemonReload=no\n";
        String line = "U\t" + java.util.Base64.getEncoder().encodeToString(show.getBytes(StandardCharsets.UTF_8));
        List<UnitState> states = UnitProbe.parse(List.of(line), 2);
        assertThat(states.get(0)).isEqualTo(new UnitState("loaded", "active", "running", "enabled", 7, false));
        assertThat(states.get(1).exists()).isFalse();
    }
}

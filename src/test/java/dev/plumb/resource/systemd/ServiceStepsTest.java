package dev.plumb.resource.systemd;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import dev.plumb.model.Text;
import dev.plumb.resource.Phase;
import dev.plumb.resource.Step;

/** The order and the text of a service's steps: the manager reloads once per apply. */
class ServiceStepsTest {
    private static List<String> texts(List<Step> steps, Phase phase) {
        return steps.stream().filter(s -> s.phase() == phase).map(s -> ((Step.Script) s).text().strip()).toList();
    }

    private static long reloads(List<Step> steps) {
        return steps.stream().map(s -> ((Step.Script) s).text())
                .filter(t -> t.contains("daemon-reload") || t.matches("(?s).*systemctl (enable|disable) --quiet -- .*"))
                .count();
    }

    /** A new unit file and its enabling: enable without its own reload, before the one daemon-reload. */
    @Test
    void aNewUnitIsEnabledBeforeTheOneReload() {
        ServiceOps ops = new ServiceOps("web.service", Optional.of(Text.plain("[Service]\nExecStart=/bin/true\n")),
                false, Optional.of(true), true, false, false);
        List<Step> steps = ServiceSteps.of("h", List.of(ops), false);
        List<String> units = texts(steps, Phase.UNITS);
        assertThat(units).hasSize(3);
        assertThat(units.get(1)).isEqualTo("systemctl enable --quiet --no-reload -- 'web.service'");
        assertThat(units.get(2)).isEqualTo("systemctl daemon-reload");
        assertThat(texts(steps, Phase.ENABLE)).isEmpty();
        assertThat(reloads(steps)).isEqualTo(1);
    }

    /** Only the enablement changes: systemctl disable reloads the manager itself, and nothing else does. */
    @Test
    void enablementAloneReloadsThroughSystemctl() {
        ServiceOps ops = new ServiceOps("web.service", Optional.empty(), false, Optional.of(false), false, false, false);
        List<Step> steps = ServiceSteps.of("h", List.of(ops), false);
        assertThat(texts(steps, Phase.UNITS)).isEmpty();
        assertThat(texts(steps, Phase.ENABLE)).containsExactly("systemctl disable --quiet -- 'web.service'");
        assertThat(reloads(steps)).isEqualTo(1);
    }
}

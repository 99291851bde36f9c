package dev.plumb.resource.systemd;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ServiceSpecTest {

    @Test
    void unitNames() {
        assertThat(ServiceSpec.unitName("myapp")).isEqualTo("myapp.service");
        assertThat(ServiceSpec.unitName("myapp.service")).isEqualTo("myapp.service");
        assertThat(ServiceSpec.unitName("app.v2")).isEqualTo("app.v2.service");
        assertThat(ServiceSpec.checkName("postgresql@15-main")).isEmpty();
        assertThat(ServiceSpec.checkName("my\\x2dapp")).isEmpty();
        assertThat(ServiceSpec.checkName("getty@.service")).isPresent();
        assertThat(ServiceSpec.checkName("@x")).isPresent();
        assertThat(ServiceSpec.checkName("a b")).isPresent();
        assertThat(ServiceSpec.checkName("x.timer")).contains("'x.timer' is not a service: only .service units are managed");
        assertThat(ServiceSpec.checkName("a".repeat(247))).isEmpty();
        assertThat(ServiceSpec.checkName("a".repeat(248))).isPresent();
    }
}

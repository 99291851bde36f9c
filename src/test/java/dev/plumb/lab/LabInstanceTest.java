package dev.plumb.lab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Which lab instance a test run uses, and the names that follow from it. Boots nothing. */
class LabInstanceTest {

  @Test
  void propertyBeatsEnvironmentAndZeroIsTheDefault() {
    assertThat(LabExtension.instance(null, null)).isZero();
    assertThat(LabExtension.instance("", " ")).isZero();
    assertThat(LabExtension.instance(null, "7")).isEqualTo(7);
    assertThat(LabExtension.instance("8", "7")).isEqualTo(8);
    assertThat(LabExtension.instance(" ", "7")).isEqualTo(7);
  }

  @Test
  void onlyOneDigitIsAnInstance() {
    assertThatThrownBy(() -> LabExtension.instance("10", null))
        .hasMessageContaining("plumb.lab.instance must be one of 0..9");
    assertThatThrownBy(() -> LabExtension.instance(null, "-1"))
        .hasMessageContaining("PLUMB_LAB_INSTANCE must be one of 0..9");
  }

  @Test
  void instanceZeroKeepsTheOriginalNames() {
    LabHost host = LabHost.numbered(0, 3);
    assertThat(host.address()).isEqualTo("198.18.0.13");
    assertThat(host.netns()).isEqualTo("plumb-host3");
    assertThat(host.veth()).isEqualTo("plumbv3");
    assertThat(host.bridge()).isEqualTo("plumbbr0");
    assertThat(host.cgroup()).isEqualTo("plumb-host3");
  }

  @Test
  void otherInstancesPutTheirNumberInEveryName() {
    LabHost host = LabHost.numbered(7, 12);
    assertThat(host.name()).isEqualTo("host12");
    assertThat(host.address()).isEqualTo("198.18.7.22");
    assertThat(host.netns()).isEqualTo("plumb7-host12");
    assertThat(host.veth()).isEqualTo("plumb7v12").hasSizeLessThanOrEqualTo(15);
    assertThat(host.bridge()).isEqualTo("plumbbr7");
    assertThat(host.cgroup()).isEqualTo("plumb7-host12");
    // Neither instance's names look like the other's (bin/lab finds leftovers by pattern).
    assertThat(host.netns()).doesNotMatch("plumb-host[0-9]+");
    assertThat(LabHost.numbered(0, 2).netns()).doesNotMatch("plumb7-host[0-9]+");
  }
}

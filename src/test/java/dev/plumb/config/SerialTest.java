package dev.plumb.config;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SerialTest {
    @Test
    void batchSizes() {
        assertThat(new Serial.Count(2).batchSize(5)).isEqualTo(2);
        assertThat(new Serial.Count(9).batchSize(5)).isEqualTo(5);
        assertThat(new Serial.Percent(50).batchSize(5)).isEqualTo(2);
        assertThat(new Serial.Percent(10).batchSize(5)).isEqualTo(1);
        assertThat(new Serial.Percent(100).batchSize(5)).isEqualTo(5);
    }
}

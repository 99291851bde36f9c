package dev.plumb.resource.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class SettingValuesTest {
    @ParameterizedTest(name = "{0}: {1} vs {2} in {4} ({3}) → {5}")
    @CsvSource(delimiter = '|', nullValues = "-", value = {
        "work_mem|64MB|65536|integer|kB|true",
        "work_mem|1GB|1024MB|integer|kB|true",
        "work_mem|1048576kB|1GB|integer|kB|true",
        "work_mem|64 MB|65536|integer|kB|true",
        "work_mem|65MB|65536|integer|kB|false",
        "shared_buffers|1GB|131072|integer|8kB|true",
        "shared_buffers|128MB|16384|integer|8kB|true",
        "shared_buffers|1000kB|125|integer|8kB|true",
        "shared_buffers|16384|16384|integer|8kB|true",
        "min_wal_size|1GB|1024|integer|MB|true",
        "wal_segment_size|16MB|16777216|integer|B|true",
        "statement_timeout|60s|60000|integer|ms|true",
        "statement_timeout|1min|60000|integer|ms|true",
        "statement_timeout|1h|3600000|integer|ms|true",
        "statement_timeout|1d|86400000|integer|ms|true",
        "statement_timeout|1500us|2|integer|ms|true",
        "statement_timeout|0|0|integer|ms|true",
        "log_min_duration_statement|-1|-1|integer|ms|true",
        "checkpoint_timeout|5min|300|integer|s|true",
        "autovacuum_vacuum_cost_delay|2ms|2|real|ms|true",
        "autovacuum_vacuum_cost_delay|2500us|2.5|real|ms|true",
        "work_mem|64MB|64|integer|kB|false",
        "work_mem|60s|60|integer|kB|false",
        "max_connections|100|100|integer|-|true",
        "max_connections|0x64|100|integer|-|true",
        "unix_socket_permissions|0777|511|integer|-|true",
        "fsync|on|true|bool|-|true",
        "fsync|off|0|bool|-|true",
        "fsync|yes|on|bool|-|true",
        "fsync|of|off|bool|-|true",
        "fsync|on|off|bool|-|false",
        "wal_level|Replica|replica|enum|-|true",
        "timezone|UTC|utc|string|-|true",
        "timezone|Europe/Paris|europe/paris|string|-|true",
        "timezone|UTC|Etc/UTC|string|-|false",
        "search_path|\"$user\", public|\"$user\",public|string|-|true",
        "search_path|app, public|app,public|string|-|true",
        "search_path|app|public|string|-|false",
    })
    void sameAsTheServerReadsIt(String name, String a, String b, String vartype, String unit, boolean same) {
        assertThat(SettingValues.same(name, a, b, vartype, Optional.ofNullable(unit))).isEqualTo(same);
        assertThat(SettingValues.same(name, b, a, vartype, Optional.ofNullable(unit))).isEqualTo(same);
    }

    @Test
    void listSettingsGetOneLiteralPerElement() {
        assertThat(SettingValues.sql("search_path", "\"$user\", public")).isEqualTo("'$user', 'public'");
        assertThat(SettingValues.sql("shared_preload_libraries", "pg_stat_statements"))
                .isEqualTo("'pg_stat_statements'");
        assertThat(SettingValues.sql("log_destination", "stderr,csvlog")).isEqualTo("'stderr,csvlog'");
        assertThat(SettingValues.sql("timezone", "it's")).isEqualTo("'it''s'");
    }
}

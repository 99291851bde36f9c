package dev.plumb.transport.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ConnectException;
import java.sql.SQLException;

import org.junit.jupiter.api.Test;

import dev.plumb.model.Sensitive;
import dev.plumb.transport.jdbc.Endpoint;

class PgConnectorTest {
    static final Sensitive<String> PW = Sensitive.of("hunter2-secret");

    @Test
    void classifiesBySqlStateAndCause() {
        assertThat(PgConnector.classify(new SQLException("password authentication failed", "28P01"), "pg", PW).kind())
                .isEqualTo(PgException.Kind.AUTH_FAILED);
        assertThat(PgConnector.classify(new SQLException("no pg_hba.conf entry", "28000"), "pg", PW).kind())
                .isEqualTo(PgException.Kind.AUTH_FAILED);
        assertThat(PgConnector.classify(new SQLException("refused", "08001"), "pg", PW).kind())
                .isEqualTo(PgException.Kind.CANNOT_CONNECT);
        assertThat(PgConnector.classify(new SQLException("starting up", "57P03"), "pg", PW).kind())
                .isEqualTo(PgException.Kind.CANNOT_CONNECT);
        assertThat(PgConnector.classify(new SQLException("x", null, new ConnectException("refused")), "pg", PW).kind())
                .isEqualTo(PgException.Kind.CANNOT_CONNECT);
        assertThat(PgConnector.classify(new SQLException("syntax error", "42601"), "pg", PW).kind())
                .isEqualTo(PgException.Kind.OTHER);
    }

    @Test
    void messagesAreOneLineWithoutThePassword() {
        PgException e = PgConnector.classify(new SQLException("bad\n  thing with hunter2-secret inside", "XX000"),
                "PostgreSQL at 127.0.0.1:5432", PW);
        assertThat(e.getMessage()).isEqualTo("PostgreSQL at 127.0.0.1:5432: bad thing with (sensitive) inside");
    }

    @Test
    void aClosedPortCannotConnect() throws Exception {
        int port;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        try {
            PgConnector.connect(new Endpoint("127.0.0.1", port), "postgres", PW, "postgres");
            throw new AssertionError("connected to a closed port");
        } catch (PgException e) {
            assertThat(e.kind()).isEqualTo(PgException.Kind.CANNOT_CONNECT);
            assertThat(e.getMessage()).startsWith("PostgreSQL postgres@postgres at 127.0.0.1:" + port + ": ")
                    .doesNotContain("hunter2").doesNotContain("\n");
        }
    }
}

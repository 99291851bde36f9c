package dev.plumb.resource.postgres.migrations;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;

import dev.plumb.model.Sensitive;
import dev.plumb.transport.jdbc.PgSecurity;

/**
 * Where and as whom to connect: {@code host:port} is a loopback port of the SSH forward to the
 * host's 127.0.0.1:5432, or the {@code direct:} address; {@code security} guards the password as
 * it does the admin's sessions. The database comes from the spec. {@link #toString()} never
 * shows the password.
 */
public record JdbcTarget(String host, int port, String user, Sensitive<String> password, PgSecurity security) {

    /** Seconds to wait for a connection before giving up. */
    static final int CONNECT_TIMEOUT = 15;

    public JdbcTarget {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(password, "password");
        Objects.requireNonNull(security, "security");
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port " + port + " is out of range");
        }
    }

    /** With {@code sslmode} (absent: pgjdbc's default, prefer), no CA of its own, no cleartext password. */
    public JdbcTarget(String host, int port, String user, Sensitive<String> password, Optional<String> sslmode) {
        this(host, port, user, password, new PgSecurity(sslmode.orElse("prefer"), Optional.empty(), false));
    }

    /** The JDBC URL of {@code database}; it holds no credentials. */
    public String url(String database) {
        String h = host.indexOf(':') >= 0 && !host.startsWith("[") ? "[" + host + "]" : host;
        return "jdbc:postgresql://" + h + ":" + port + "/" + URLEncoder.encode(database, StandardCharsets.UTF_8);
    }

    /** {@code user@host:port/database}, for messages. */
    public String describe(String database) {
        return user + "@" + host + ":" + port + "/" + database;
    }

    /**
     * The driver properties: credentials, timeout, security and the application name. A read-only
     * connection runs every statement in a read-only transaction: the server refuses any write.
     */
    Properties properties(boolean readOnly) {
        Properties p = new Properties();
        if (readOnly) {
            p.setProperty("readOnly", "true");
            p.setProperty("readOnlyMode", "always");
        }
        p.setProperty("user", user);
        p.setProperty("password", password.reveal());
        p.setProperty("ApplicationName", "plumb");
        p.setProperty("connectTimeout", Integer.toString(CONNECT_TIMEOUT));
        security.applyTo(p);
        return p;
    }
}

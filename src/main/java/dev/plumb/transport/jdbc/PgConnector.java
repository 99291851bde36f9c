package dev.plumb.transport.jdbc;

import java.io.EOFException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.URLEncoder;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Optional;
import java.util.Properties;

import org.postgresql.Driver;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;

import dev.plumb.model.Sensitive;

/**
 * Opens pgjdbc sessions and turns their failures into one-line {@link PgException}s. Sessions
 * use UTC, give up on a lock after a minute, and name themselves {@code plumb} in
 * {@code pg_stat_activity}.
 */
public final class PgConnector {
    private static final Driver DRIVER = new Driver();

    private PgConnector() {
    }

    /**
     * A session to {@code database} at {@code endpoint} as {@code user}, with sslmode prefer and no
     * cleartext password.
     */
    public static Connection connect(Endpoint endpoint, String user, Sensitive<String> password, String database)
            throws PgException {
        return connect(endpoint, user, password, database, new PgSecurity("prefer", Optional.empty(), false),
                endpoint.toString());
    }

    /**
     * A session to {@code database} at {@code endpoint} as {@code user}.
     *
     * @param security how the password is guarded: sslmode, certificates, no cleartext
     * @param where    where the server is, for messages: "127.0.0.1:5432 on host1 through SSH"
     */
    public static Connection connect(Endpoint endpoint, String user, Sensitive<String> password, String database,
                                     PgSecurity security, String where) throws PgException {
        String host = endpoint.host().indexOf(':') >= 0 ? "[" + endpoint.host() + "]" : endpoint.host();
        String url = "jdbc:postgresql://" + host + ":" + endpoint.port() + "/"
                + URLEncoder.encode(database, StandardCharsets.UTF_8);
        Properties p = new Properties();
        p.setProperty("user", user);
        p.setProperty("password", password.reveal());
        security.applyTo(p);
        p.setProperty("ApplicationName", "plumb");
        p.setProperty("connectTimeout", "10");
        p.setProperty("loginTimeout", "20");
        p.setProperty("socketTimeout", "600");
        p.setProperty("tcpKeepAlive", "true");
        p.setProperty("gssEncMode", "disable");
        p.setProperty("options", "-c TimeZone=UTC -c lock_timeout=60s -c client_min_messages=warning");
        try {
            Connection c = DRIVER.connect(url, p);
            if (c == null) {
                throw new PgException(PgException.Kind.OTHER, "pgjdbc does not accept " + url);
            }
            return c;
        } catch (SQLException e) {
            throw classify(e, "PostgreSQL " + user + "@" + database + " at " + where, password);
        }
    }

    /**
     * One line: {@code where: why}, with the kind read from the SQLSTATE and the cause chain. The
     * password, should a message ever contain it, is masked.
     */
    public static PgException classify(SQLException e, String where, Sensitive<String> password) {
        String state = Optional.ofNullable(e.getSQLState()).orElse("");
        PgException.Kind kind;
        if (state.equals("28P01") || state.equals("28000")) {
            kind = PgException.Kind.AUTH_FAILED;
        } else if (state.startsWith("08") || state.startsWith("57P") || networkCause(e)) {
            kind = PgException.Kind.CANNOT_CONNECT;
        } else {
            kind = PgException.Kind.OTHER;
        }
        String why = message(e);
        String pw = password.reveal();
        if (!pw.isEmpty()) {
            why = why.replace(pw, Sensitive.MASK);
        }
        return new PgException(kind, where + ": " + why, e);
    }

    /** The server's primary message (with its hint), or pgjdbc's first line; never several lines. */
    static String message(SQLException e) {
        if (e instanceof PSQLException p && p.getServerErrorMessage() != null) {
            ServerErrorMessage m = p.getServerErrorMessage();
            String text = Optional.ofNullable(m.getMessage()).orElse("error " + e.getSQLState());
            if (m.getDetail() != null) {
                text += " (" + m.getDetail() + ")";
            }
            if (m.getHint() != null) {
                text += "; hint: " + m.getHint();
            }
            return oneLine(text);
        }
        for (Throwable t = e.getCause(); t != null; t = t.getCause()) {
            if (t instanceof ConnectException) {
                return "connection refused";
            }
            if (t instanceof UnknownHostException) {
                return "unknown host " + t.getMessage();
            }
            if (t instanceof SocketTimeoutException) {
                return "timed out";
            }
            if (t instanceof NoRouteToHostException) {
                return "no route to host";
            }
            if (t instanceof EOFException) {
                return "the server closed the connection (is PostgreSQL running and listening there?)";
            }
        }
        return oneLine(Optional.ofNullable(e.getMessage()).orElse(e.getClass().getSimpleName()));
    }

    private static boolean networkCause(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ConnectException || t instanceof UnknownHostException
                    || t instanceof SocketTimeoutException || t instanceof NoRouteToHostException
                    || t instanceof EOFException) {
                return true;
            }
        }
        return false;
    }

    private static String oneLine(String s) {
        return s.strip().replaceAll("\\s*\\R\\s*", " ");
    }
}

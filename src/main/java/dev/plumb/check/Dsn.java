package dev.plumb.check;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.plumb.model.Sensitive;

/**
 * A libpq URL, {@code postgresql://USER:PASSWORD@HOST:PORT/DATABASE} (or {@code postgres://}), as
 * the app reads DATABASE_URL. The password stays {@link Sensitive}; {@link #describe()} never shows it.
 */
public record Dsn(String user, Optional<Sensitive<String>> password, String host, int port, String database) {
    private static final Pattern URL = Pattern.compile(
            "postgres(?:ql)?://(?:([^:@/]*)(?::([^@/]*))?@)?(\\[[^\\]]+\\]|[^:/?]+)(?::(\\d{1,5}))?/([^?]+)(?:\\?.*)?");

    public Dsn {
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(password, "password");
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(database, "database");
    }

    /** The URL's parts, or why it cannot be read (never quoting the URL, which holds the password). */
    public static Parsed parse(String url) {
        Matcher m = URL.matcher(url);
        if (!m.matches()) {
            return new Parsed(Optional.empty(), Optional.of(
                    "is not a postgresql://USER:PASSWORD@HOST:PORT/DATABASE URL"));
        }
        if (m.group(1) == null || m.group(1).isEmpty()) {
            return new Parsed(Optional.empty(), Optional.of("names no user"));
        }
        int port = m.group(4) == null ? 5432 : Integer.parseInt(m.group(4));
        if (port < 1 || port > 65535) {
            return new Parsed(Optional.empty(), Optional.of("has port " + port + ", out of range"));
        }
        String host = m.group(3).startsWith("[") ? m.group(3).substring(1, m.group(3).length() - 1) : m.group(3);
        return new Parsed(Optional.of(new Dsn(decode(m.group(1)),
                Optional.ofNullable(m.group(2)).map(Dsn::decode).map(Sensitive::of), decode(host), port,
                decode(m.group(5)))), Optional.empty());
    }

    /** A parsed URL, or the reason it is not one. */
    public record Parsed(Optional<Dsn> dsn, Optional<String> problem) {}

    private static String decode(String s) {
        return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    /** {@code user@host:port/database}: no password. */
    public String describe() {
        return user + "@" + (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port + "/" + database;
    }
}

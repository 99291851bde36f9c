package dev.plumb.git;

import java.util.Objects;
import java.util.Optional;

import org.eclipse.jgit.lib.Config;
import org.eclipse.jgit.util.SystemReader;

/**
 * Who writes a record commit, as git's {@code Name <email>}. Neither part may hold {@code <},
 * {@code >} or a line break, which would corrupt the commit header.
 */
public record Author(String name, String email) {

    public Author {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(email, "email");
        if (name.isBlank()) {
            throw new IllegalArgumentException("author name is empty");
        }
        if (!clean(name).equals(name) || !clean(email).equals(email)) {
            throw new IllegalArgumentException("author '" + name + " <" + email + ">' holds <, > or a line break");
        }
    }

    @Override
    public String toString() {
        return name + " <" + email + ">";
    }

    /**
     * The identity git would use: {@code GIT_AUTHOR_NAME} / {@code GIT_AUTHOR_EMAIL}, else
     * {@code user.name} / {@code user.email} from {@code config} (the repository's, which falls
     * back to the user's and the system's), else {@code $USER} and {@code $USER@hostname}.
     */
    static Author of(Config config) {
        SystemReader system = SystemReader.getInstance();
        String user = first(system.getenv("USER"), Optional.ofNullable(system.getProperty("user.name")))
                .orElse("plumb");
        String name = first(system.getenv("GIT_AUTHOR_NAME"),
                Optional.ofNullable(config.getString("user", null, "name")).map(Author::clean))
                .orElse(user);
        String email = first(system.getenv("GIT_AUTHOR_EMAIL"),
                Optional.ofNullable(config.getString("user", null, "email")).map(Author::clean))
                .orElseGet(() -> user + "@" + hostname(system));
        return new Author(clean(name).isBlank() ? "plumb" : clean(name), clean(email));
    }

    /** An author read from a commit, with anything the constructor refuses removed. */
    static Author sanitized(String name, String email) {
        String n = clean(name == null ? "" : name);
        return new Author(n.isEmpty() ? "unknown" : n, clean(email == null ? "" : email));
    }

    private static Optional<String> first(String value, Optional<String> otherwise) {
        Optional<String> v = Optional.ofNullable(value).map(Author::clean).filter(s -> !s.isBlank());
        return v.isPresent() ? v : otherwise.filter(s -> !s.isBlank());
    }

    private static String hostname(SystemReader system) {
        String host = system.getHostname();
        return host == null || host.isBlank() ? "localhost" : clean(host);
    }

    private static String clean(String s) {
        return s.replaceAll("[<>\\r\\n\\x00]", "").strip();
    }
}

package dev.plumb.check;

import java.util.Objects;
import java.util.Optional;

/**
 * The app's database as its host reaches it: the DATABASE_URL ({@code dsn}), and, when an
 * inventory host has that address, what the playbook declares for that server ({@code server}).
 */
public record Database(Dsn dsn, Optional<ServerSide> server) {
    public Database {
        Objects.requireNonNull(dsn, "dsn");
        Objects.requireNonNull(server, "server");
    }
}

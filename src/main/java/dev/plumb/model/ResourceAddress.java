package dev.plumb.model;

/**
 * Stable identity of one managed object on one host, rendered as {@code host/kind/name}, for
 * example {@code db1/postgres/role/flaskapp} or {@code web1/file//etc/flask/myapp.env}.
 * Two desired resources with the same address on the same host are a validation error.
 */
public record ResourceAddress(String host, String kind, String name) implements Comparable<ResourceAddress> {
    @Override
    public String toString() {
        return host + "/" + kind + "/" + name;
    }

    @Override
    public int compareTo(ResourceAddress o) {
        return toString().compareTo(o.toString());
    }
}

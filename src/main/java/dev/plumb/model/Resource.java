package dev.plumb.model;

/**
 * One managed object of the desired state, identified by its {@link ResourceAddress}.
 *
 * <p>Not sealed: in the unnamed module Java only lets a sealed type permit subclasses from its
 * own package, and the specs live in their resource packages. Each resource package closes its
 * own set instead: {@code resource.postgres.PostgresResource} is sealed, {@code FileSpec} and
 * {@code ServiceSpec} are final records. Every implementation is an immutable record whose
 * {@code toString()} never shows a secret.
 */
public interface Resource {
    ResourceAddress address();
}

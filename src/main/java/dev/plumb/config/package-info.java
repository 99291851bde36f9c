/**
 * YAML to desired state, and the only package that imports SnakeYAML. Files are composed into
 * nodes (never into Java objects) so every value keeps its file:line:col; one generic walker
 * ({@code Walker}, {@code Fields}) reads typed values, interpolates {@code ${...}} references,
 * and collects every problem as a diagnostic with a hint instead of throwing. Each kind
 * registers a {@code KindReader} for its play key; the built-in kinds' readers are
 * {@code HostKinds} and {@code PostgresKinds}. {@code Config.load} gives a {@code Desired}: per
 * host, the resources of every play that selects it with where each was declared, plus the
 * redactor for secrets and the source files' hashes.
 */
package dev.plumb.config;


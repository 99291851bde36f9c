/**
 * YAML to desired state, and the only package that imports SnakeYAML. Files are composed into
 * nodes (never into Java objects) so every value keeps its file:line:col; one generic walker
 * reads typed values, interpolates {@code ${...}} references, and collects every problem as a
 * diagnostic with a hint instead of throwing. {@code Config.load} gives a {@code Desired}: per
 * host, the resources of every play that selects it, plus the redactor for secrets and the
 * source files' hashes.
 */
package dev.plumb.config;

/**
 * Plain values shared by every layer: resource addresses and the {@code Resource} interface,
 * sensitive values ({@code Sensitive}, {@code Text}) and the {@code Redactor} that masks them in
 * output, source files with their hashes, and diagnostics with source locations and "did you
 * mean" hints. Nothing here does I/O or depends on a third-party library.
 */
package dev.plumb.model;

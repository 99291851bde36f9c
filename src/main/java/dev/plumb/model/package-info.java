/**
 * Plain values shared by every layer: resource addresses, sensitive values, and diagnostics
 * with source locations. Nothing here does I/O or depends on a third-party library.
 */
package dev.plumb.model;

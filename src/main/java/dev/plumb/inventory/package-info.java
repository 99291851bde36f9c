/**
 * The inventory as plain data: hosts in file order with their connection settings, groups
 * (plus the implicit group {@code all}), variables and their precedence, and host patterns
 * ({@code web:!web2}, {@code web:&eu}) evaluated against it. Loading it from YAML is the job of
 * {@code dev.plumb.config}; nothing here does I/O.
 */
package dev.plumb.inventory;

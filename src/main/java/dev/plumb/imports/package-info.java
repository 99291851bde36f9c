/**
 * {@code plumb import}'s document: the live state each host's kinds read back, made into one
 * playbook in format v1, where hosts with identical state share a play and each secret is named
 * once (never its value). Pure logic; reading the hosts is the engine's, writing YAML the config
 * package's.
 */
package dev.plumb.imports;

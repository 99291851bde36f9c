/**
 * The plan as a value: {@link dev.plumb.plan.Change}s grouped per host, computed without I/O,
 * and rendered as Terraform-like text or as a stable JSON document. Every string in a plan is
 * already redacted: a plan can be printed or saved without leaking a secret.
 */
package dev.plumb.plan;

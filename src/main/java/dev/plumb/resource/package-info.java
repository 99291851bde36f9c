/**
 * Resource kinds: the {@link dev.plumb.resource.Kind} interface every kind implements, its
 * per-host {@link dev.plumb.resource.Part}, the {@link dev.plumb.resource.Step}s and
 * {@link dev.plumb.resource.Phase}s of an apply, and {@link dev.plumb.resource.Kinds}, the one
 * list of kinds. Each kind lives in a sub-package of its own (spec, probe, diff, steps, reader).
 */
package dev.plumb.resource;

/**
 * JSON for plumb, on Jackson: {@link dev.plumb.json.Json} writes plumb's own documents (plans,
 * drift reports, saved plans) as stable, indented text, and as the canonical text a saved plan's
 * signature covers; {@link dev.plumb.json.JsonReader} reads JSON (saved plans, PostgreSQL catalog
 * answers) strictly into plain maps, lists and scalars, refusing documents nested or sized beyond
 * sane bounds.
 */
package dev.plumb.json;

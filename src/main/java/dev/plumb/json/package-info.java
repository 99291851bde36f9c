/**
 * JSON for plumb's own documents: a stable writer (plans, drift reports, saved plans) and a
 * strict minimal reader (saved plans, PostgreSQL catalog answers). No third-party library.
 */
package dev.plumb.json;

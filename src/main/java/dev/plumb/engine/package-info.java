/**
 * The run loop: for every host, in parallel up to {@code --forks}, open one SSH session, read all
 * facts in one round trip, diff them against the desired resources (pure, in the resource
 * packages), and for apply execute the operations in a fixed order, then read again and fail if
 * anything still differs. A host's failure is reported with the host and never stops the others.
 */
package dev.plumb.engine;

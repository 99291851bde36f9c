/**
 * PostgreSQL transport: the only package that imports pgjdbc, and it knows no resource.
 * {@code PgLink} holds the admin's sessions to one server ({@code PgServer}) through an SSH
 * local forward to the host's 127.0.0.1:5432 (or a {@code direct} {@code Endpoint});
 * {@code PgConnector} opens them, guarded as {@code PgSecurity} says (sslmode, verify-full by
 * default for a direct address, CA certificates through {@code PemTrustFactory}, no cleartext
 * password unless allowed, through {@code NoCleartextPassword}), and classifies failures (auth
 * failed, cannot connect, other) as one-line {@code PgException}s that never hold a password;
 * {@code PgLock} holds the server's advisory lock for an apply. Statements and answers are text.
 */
package dev.plumb.transport.jdbc;


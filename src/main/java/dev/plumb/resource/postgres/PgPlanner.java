package dev.plumb.resource.postgres;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.plumb.model.Redactor;
import dev.plumb.model.ResourceAddress;
import dev.plumb.model.Sensitive;
import dev.plumb.plan.Action;
import dev.plumb.plan.Attr;
import dev.plumb.plan.Change;
import dev.plumb.resource.postgres.PlanState.Phase;

/**
 * Pure diff of one server's desired PostgreSQL objects against its {@link ServerState}: the changes
 * to show and the {@link PgStep}s that make them, in dependency order (admin password, roles,
 * databases, role settings per database, schemas, grants, default privileges, pg_hba, server
 * settings), with deletions after everything else in the reverse order, then a reload and, when
 * allowed, a restart. No I/O. Migrations are not planned here.
 *
 * <p>A facade: each kind has its planner ({@link RolePlanner}, {@link DatabasePlanner},
 * {@link SchemaPlanner}, {@link GrantPlanner}, {@link HbaPlanner}, {@link SettingPlanner}), run in
 * that order over one {@link PlanState}, the server after the plan, so a later kind sees what the
 * earlier ones create, alter or drop. Objects that do not exist yet (a database or schema this
 * plan creates) get the ACL PostgreSQL will give them, so the plan is complete before anything is
 * created. Secrets never reach a change: a password shows as {@code (sensitive)}, and every
 * display text goes through the redactor.
 */
public final class PgPlanner {
    /** Address name of the change that covers the managed pg_hba.conf block as a whole. */
    public static final String HBA_BLOCK = "(managed block)";

    private PgPlanner() {
    }

    /**
     * @param host      the inventory host, for addresses of objects plumb removes without a declaration
     * @param resources the server's desired objects (migrations are ignored)
     */
    public static PgWork plan(String host, PostgresServer server, List<PostgresResource> resources, ServerState facts,
                              Redactor redactor) {
        PlanState s = new PlanState(host, server, resources, facts, redactor);
        admin(s);
        if (server.exclusive().contains(PostgresKind.GRANT)) {
            s.error("exclusive grants are not supported: list the grants to keep without exclusive: true");
        }
        new RolePlanner(s).plan();
        new DatabasePlanner(s).plan();
        new SchemaPlanner(s).plan();
        new GrantPlanner(s).plan();
        new HbaPlanner(s).plan();
        new SettingPlanner(s).plan();
        return s.work();
    }

    /**
     * An admin that cannot log in: its password set over the local socket before anything else,
     * or an error when the server is not on the SSH host.
     */
    private static void admin(PlanState s) {
        s.facts().adminLogin().ifPresent(why -> {
            if (!s.facts().local()) {
                s.error("the admin cannot log in (" + s.r(why) + ") and the server is not on the SSH host,"
                        + " so plumb cannot set its password");
                return;
            }
            PostgresServer server = s.server();
            Attr password = Attr.of("password", "(not usable: " + s.r(why) + ")", Sensitive.MASK);
            s.change(Phase.ADMIN, Change.of(new ResourceAddress(s.host(), "postgres/admin", server.adminUser()),
                    Action.UPDATE, List.of(password)).withReason("set the admin password via the local socket"));
            s.step(Phase.ADMIN, new PgStep.Bootstrap(server.adminUser(), server.adminPassword()));
        });
    }

    /** Whether {@code password} hashes to {@code md5} as PostgreSQL stores md5 passwords for {@code role}. */
    public static boolean md5Matches(Sensitive<String> password, String role, String md5) {
        try {
            byte[] d = MessageDigest.getInstance("MD5")
                    .digest((password.reveal() + role).getBytes(StandardCharsets.UTF_8));
            return MessageDigest.isEqual(("md5" + HexFormat.of().formatHex(d)).getBytes(StandardCharsets.US_ASCII),
                    md5.getBytes(StandardCharsets.US_ASCII));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("MD5 is required by the Java platform", e);
        }
    }

    private static final Pattern TIMESTAMP = Pattern.compile(
            "(\\d{4}-\\d{2}-\\d{2})(?:[T ](\\d{2}:\\d{2}(?::\\d{2}(?:\\.\\d{1,9})?)?))?\\s*(Z|z|[+-]\\d{2}(?::?\\d{2})?)?");

    /**
     * A {@code valid_until} value: {@code infinity} (never expires: empty), a date, or a date and
     * time with an optional offset ({@code 2030-01-01}, {@code 2030-01-01 12:00:00+02}). Without
     * an offset it is UTC, whatever the server's time zone.
     *
     * @throws IllegalArgumentException with a message fit for the operator
     */
    public static Optional<Instant> validUntil(String text) {
        String s = text.strip();
        if (s.equalsIgnoreCase("infinity")) {
            return Optional.empty();
        }
        Matcher m = TIMESTAMP.matcher(s);
        if (!m.matches()) {
            throw new IllegalArgumentException("valid_until '" + text + "' is not a date-time plumb reads: use"
                    + " 2030-01-01, 2030-01-01T12:00:00Z, 2030-01-01 12:00:00+02 or infinity");
        }
        try {
            LocalTime time = m.group(2) == null ? LocalTime.MIDNIGHT : LocalTime.parse(m.group(2));
            String off = m.group(3) == null ? "Z" : m.group(3).toUpperCase(Locale.ROOT);
            if (off.length() == 5 && off.charAt(3) != ':') {
                off = off.substring(0, 3) + ":" + off.substring(3);
            }
            return Optional.of(LocalDate.parse(m.group(1)).atTime(time).atOffset(ZoneOffset.of(off)).toInstant()
                    .truncatedTo(ChronoUnit.MICROS));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("valid_until '" + text + "' is not a valid date-time: " + e.getMessage());
        }
    }
}

package dev.plumb.resource.postgres;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Whether a pg_hba.conf lets a TCP connection in, decided as PostgreSQL 15 decides: the first
 * record whose type, database, user and address all match decides, by its method and options.
 * The text is read as the server reads it: a line ending in a backslash goes on with the next,
 * {@code #} outside double quotes starts a comment, fields are split on blanks and their lists on
 * commas, and a token that starts with a double quote is a name, never a keyword.
 *
 * <p>What the text alone cannot tell (host names, {@code @file} lists, include directives,
 * regular expressions, samehost and samenet for an address other than loopback, records the
 * server would reject) may match: such a record makes the answer {@link Unsure} when it could
 * change it, so that the apply checks the login anew after the reload and puts the old file back
 * if it fails. One case leans the safe way instead: a record that would let the client in only if
 * its address matches where plumb cannot tell (a host name, which the server matches by reverse
 * then forward DNS on its own host; samehost or samenet for an address other than loopback) is
 * not counted as a way in at all, since plumb's own access would then hang on the server's DNS
 * or interfaces. Such a record is named in the reason of a {@link Refused}. Pure: nothing is
 * looked up.
 */
final class HbaAccess {
    private HbaAccess() {
    }

    /**
     * A TCP connection.
     *
     * @param address   the client's address as the server sees it, numeric
     * @param ssl       whether the session uses TLS (never GSS encryption: plumb turns it off)
     * @param roles     the roles {@code user} is a member of, directly or not, itself included (as
     *                  pg_hba.conf counts them: a superuser is not a member of every role)
     * @param cleartext whether the client answers a request for its password in clear text
     */
    record Client(String user, String database, String address, boolean ssl, Set<String> roles, boolean cleartext) {
        Client {
            Objects.requireNonNull(user, "user");
            Objects.requireNonNull(database, "database");
            Objects.requireNonNull(address, "address");
            roles = Set.copyOf(roles);
        }
    }

    /** A record: the 1-based line it starts on, and its text with continuation lines joined. */
    record Line(int number, String text) {
    }

    sealed interface Verdict permits Admitted, Refused, Unsure {
    }

    /** The first record that matches lets the client in. */
    record Admitted(Line line) implements Verdict {
    }

    /** The client is kept out by {@code line} (empty: no record matches it), because {@code why}. */
    record Refused(Optional<Line> line, String why) implements Verdict {
    }

    /** Whether the client gets in depends on {@code line}, which plumb cannot evaluate ({@code why}). */
    record Unsure(Line line, String why) implements Verdict {
    }

    static Verdict decide(String content, Client client) {
        Optional<byte[]> from = numeric(client.address());
        Evaluated mayAdmit = null;
        Evaluated mayRefuse = null;
        Evaluated uncounted = null;
        for (Record r : records(content)) {
            Evaluated e = evaluate(r, client, from);
            if (e.is() == Is.MAYBE && e.refusal().isEmpty() && e.byAddress()) {
                uncounted = uncounted == null ? e : uncounted;
                continue;
            }
            if (e.is() == Is.NO) {
                continue;
            }
            if (e.is() == Is.YES) {
                if (e.refusal().isEmpty()) {
                    return mayRefuse == null ? new Admitted(r.line()) : new Unsure(mayRefuse.line(), mayRefuse.why());
                }
                return mayAdmit == null ? new Refused(Optional.of(r.line()), e.refusal().get() + uncounted(uncounted))
                        : new Unsure(mayAdmit.line(), mayAdmit.why());
            }
            if (e.refusal().isEmpty()) {
                mayAdmit = mayAdmit == null ? e : mayAdmit;
            } else {
                mayRefuse = mayRefuse == null ? e : mayRefuse;
            }
        }
        return mayAdmit == null ? new Refused(Optional.empty(), NO_MATCH + uncounted(uncounted))
                : new Unsure(mayAdmit.line(), mayAdmit.why());
    }

    /** Why a {@link Refused} without a line keeps the client out, before any {@code uncounted} aside. */
    static final String NO_MATCH = "no record matches it";

    /** What a refusal adds about the first record that may let the client in but is not counted. */
    private static String uncounted(Evaluated e) {
        return e == null ? "" : " (line " + e.line().number() + ", " + e.line().text() + ", may let it in, but "
                + e.why() + ": plumb does not count on that for its own way in)";
    }

    // ---- matching -------------------------------------------------------------------------------

    private enum Is { YES, NO, MAYBE }

    /**
     * How one record meets the client: whether it matches (why not surely, and whether only its
     * address is in doubt), and why it would refuse it.
     */
    private record Evaluated(Line line, Is is, String why, Optional<String> refusal, boolean byAddress) {
        Evaluated(Line line, Is is, String why, Optional<String> refusal) {
            this(line, is, why, refusal, false);
        }
    }

    /** Folds the parts of a record: NO wins, then MAYBE (the first reason is kept). */
    private static final class Fold {
        private Is is = Is.YES;
        private String why = "";

        Fold and(Is part, String reason) {
            if (part == Is.NO) {
                is = Is.NO;
            } else if (part == Is.MAYBE && is == Is.YES) {
                is = Is.MAYBE;
                why = reason;
            }
            return this;
        }
    }

    private static Evaluated evaluate(Record r, Client c, Optional<byte[]> from) {
        List<List<Token>> f = r.fields();
        Evaluated unreadable = new Evaluated(r.line(), Is.MAYBE, "plumb cannot read it as PostgreSQL 15 would",
                Optional.of("the server may refuse it"));
        if (f.get(0).size() != 1) {
            return unreadable;
        }
        Fold fold = new Fold();
        switch (f.get(0).get(0).text()) {
            case "local", "hostgssenc" -> fold.and(Is.NO, "");
            case "host", "hostnogssenc" -> fold.and(Is.YES, "");
            case "hostssl" -> fold.and(c.ssl() ? Is.YES : Is.NO, "");
            case "hostnossl" -> fold.and(c.ssl() ? Is.NO : Is.YES, "");
            case "include", "include_if_exists", "include_dir" -> {
                return new Evaluated(r.line(), Is.MAYBE, "the server reads the records it includes; plumb does not",
                        Optional.of("the included records may refuse it"));
            }
            default -> {
                return unreadable;
            }
        }
        if (fold.is == Is.NO) {
            return new Evaluated(r.line(), Is.NO, "", Optional.empty());
        }
        if (f.size() < 5 || f.get(3).size() != 1) {
            return unreadable;
        }
        String byName = unread(f.get(1), f.get(2));
        fold.and(anyOf(f.get(1), t -> database(t, c)), byName).and(anyOf(f.get(2), t -> user(t, c)), byName);
        boolean namesSure = fold.is == Is.YES;
        Token a = f.get(3).get(0);
        int methodAt = 4;
        boolean addressInDoubt = false;
        if (!a.quoted() && a.text().equals("all")) {
            fold.and(Is.YES, "");
        } else if (!a.quoted() && (a.text().equals("samehost") || a.text().equals("samenet"))) {
            boolean loopback = a.text().equals("samehost") ? c.address().equals("127.0.0.1") || is(from, "::1")
                    : c.address().startsWith("127.") || is(from, "::1");
            fold.and(loopback ? Is.YES : Is.MAYBE, a.text() + " depends on the server's own addresses");
            addressInDoubt = !loopback;
        } else {
            String text = a.text();
            int slash = text.indexOf('/');
            Optional<byte[]> net = numeric(slash >= 0 ? text.substring(0, slash) : text);
            if (net.isEmpty()) {
                if (slash >= 0) {
                    return unreadable;
                }
                fold.and(Is.MAYBE, "it names a host (" + text + "), and plumb does not ask DNS");
                addressInDoubt = true;
            } else if (slash >= 0) {
                Optional<Integer> bits = prefix(text.substring(slash + 1), net.get().length * 8);
                if (bits.isEmpty()) {
                    return unreadable;
                }
                fold.and(from.isEmpty() ? Is.MAYBE : inNet(from.get(), net.get(), mask(bits.get(), net.get().length)),
                        "plumb cannot read the client address " + c.address());
            } else {
                Optional<byte[]> mask = f.get(4).size() == 1 ? numeric(f.get(4).get(0).text()) : Optional.empty();
                if (mask.isEmpty() || mask.get().length != net.get().length) {
                    return unreadable;
                }
                methodAt = 5;
                fold.and(from.isEmpty() ? Is.MAYBE : inNet(from.get(), net.get(), mask.get()),
                        "plumb cannot read the client address " + c.address());
            }
        }
        if (f.size() <= methodAt || f.get(methodAt).size() != 1) {
            return unreadable;
        }
        List<String> options = f.subList(methodAt + 1, f.size()).stream().flatMap(List::stream).map(Token::text)
                .toList();
        return new Evaluated(r.line(), fold.is, fold.why, refusal(f.get(methodAt).get(0).text(), options, c),
                namesSure && addressInDoubt);
    }

    /** Why a record with this method and these options would keep the client out; empty: it lets it in. */
    private static Optional<String> refusal(String method, List<String> options, Client c) {
        boolean clientCert = options.stream().anyMatch(o -> o.startsWith("clientcert="));
        return switch (method) {
            case "reject" -> Optional.of("its method is reject");
            case "trust", "scram-sha-256", "md5" -> clientCert
                    ? Optional.of("it asks for a client certificate (clientcert), and plumb presents none")
                    : Optional.empty();
            case "password", "ldap", "pam", "radius" -> !c.cleartext()
                    ? Optional.of("method " + method + " has the password sent in clear text, which plumb does not"
                            + " do unless allow_cleartext_password: true")
                    : clientCert ? Optional.of("it asks for a client certificate (clientcert), and plumb presents none")
                    : Optional.empty();
            case "cert" -> Optional.of("method cert needs a client certificate, and plumb presents none");
            default -> Optional.of("plumb cannot log in with method " + method);
        };
    }

    private interface TokenMatch {
        Is match(Token t);
    }

    /** A list field matches when any of its tokens does. */
    private static Is anyOf(List<Token> tokens, TokenMatch m) {
        Is out = Is.NO;
        for (Token t : tokens) {
            Is is = m.match(t);
            if (is == Is.YES) {
                return Is.YES;
            }
            if (is == Is.MAYBE) {
                out = Is.MAYBE;
            }
        }
        return out;
    }

    private static Is database(Token t, Client c) {
        if (!t.quoted()) {
            switch (t.text()) {
                case "all":
                    return Is.YES;
                case "sameuser":
                    return c.database().equals(c.user()) ? Is.YES : Is.NO;
                case "samerole", "samegroup":
                    return c.roles().contains(c.database()) ? Is.YES : Is.NO;
                case "replication":
                    return Is.NO; // only replication connections, which plumb never opens
                default:
                    break;
            }
        }
        return named(t, c.database());
    }

    private static Is user(Token t, Client c) {
        if (!t.quoted() && t.text().equals("all")) {
            return Is.YES;
        }
        if (!t.quoted() && t.text().length() > 1 && t.text().startsWith("+")) {
            return c.roles().contains(t.text().substring(1)) ? Is.YES : Is.NO;
        }
        return named(t, c.user());
    }

    /** A name, or a file of names or a regular expression, which plumb cannot evaluate. */
    private static Is named(Token t, String name) {
        if (unreadName(t)) {
            return Is.MAYBE;
        }
        return t.text().equals(name) ? Is.YES : Is.NO;
    }

    /** Why a database or user field may match: the tokens plumb cannot evaluate. */
    private static String unread(List<Token> databases, List<Token> users) {
        List<String> odd = new ArrayList<>();
        for (List<Token> field : List.of(databases, users)) {
            field.stream().filter(HbaAccess::unreadName).forEach(t -> odd.add(t.text()));
        }
        return "it names roles or databases by a file or a regular expression (" + String.join(", ", odd)
                + "), which plumb does not read";
    }

    /** An unquoted {@code @file} or (PostgreSQL 16) {@code /regular expression}. */
    private static boolean unreadName(Token t) {
        return !t.quoted() && t.text().length() > 1 && (t.text().startsWith("@") || t.text().startsWith("/"));
    }

    // ---- addresses ------------------------------------------------------------------------------

    /** The bytes of a numeric IPv4 or IPv6 address; empty for anything else (a host name). */
    private static Optional<byte[]> numeric(String text) {
        return HbaAddress.Parser.numeric(text);
    }

    private static boolean is(Optional<byte[]> address, String literal) {
        return address.isPresent() && Arrays.equals(address.get(), numeric(literal).orElseThrow());
    }

    private static Optional<Integer> prefix(String text, int max) {
        if (!text.matches("\\d{1,3}")) {
            return Optional.empty();
        }
        int bits = Integer.parseInt(text);
        return bits <= max ? Optional.of(bits) : Optional.empty();
    }

    private static byte[] mask(int bits, int length) {
        return HbaAddress.Parser.mask(bits, length);
    }

    /** Same family, and equal under the mask. */
    private static Is inNet(byte[] client, byte[] net, byte[] mask) {
        if (client.length != net.length) {
            return Is.NO;
        }
        for (int i = 0; i < client.length; i++) {
            if ((client[i] & mask[i]) != (net[i] & mask[i])) {
                return Is.NO;
            }
        }
        return Is.YES;
    }

    // ---- reading the file -----------------------------------------------------------------------

    /** A token; {@code quoted} when it starts with a double quote (then it is never a keyword). */
    private record Token(String text, boolean quoted) {
    }

    /** A record's fields, each a list of tokens. */
    private record Record(Line line, List<List<Token>> fields) {
    }

    /** The records of {@code content}, in order. */
    private static List<Record> records(String content) {
        List<String> lines = content.lines().toList();
        List<Record> out = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            int start = i;
            StringBuilder b = new StringBuilder(lines.get(i));
            while (b.length() > 0 && b.charAt(b.length() - 1) == '\\') {
                b.setLength(b.length() - 1);
                if (i + 1 < lines.size()) {
                    b.append(lines.get(++i));
                }
            }
            List<List<Token>> fields = fields(b.toString());
            if (!fields.isEmpty()) {
                out.add(new Record(new Line(start + 1, b.toString().strip()), fields));
            }
        }
        return out;
    }

    /** The fields of one line as PostgreSQL splits it: each field's tokens, quotes taken off. */
    static List<List<String>> words(String line) {
        return fields(line).stream().map(f -> f.stream().map(Token::text).toList()).toList();
    }

    /**
     * {@code line} as the server reads it, for comparing two lines: blanks collapsed, quotes only
     * where they make a keyword a name, and the address in {@link HbaAddress#canonical() canonical}
     * form (so {@code 10.0.0.1 255.255.255.255} equals {@code 10.0.0.1/32}, host names ignore case).
     */
    static String canonical(String line) {
        List<List<Token>> f = new ArrayList<>(fields(line));
        if (f.size() >= 5 && f.get(0).size() == 1 && f.get(0).get(0).text().startsWith("host") && f.get(3).size() == 1
                && !f.get(3).get(0).quoted()) {
            String a = f.get(3).get(0).text();
            boolean masked = a.indexOf('/') < 0 && numeric(a).isPresent() && f.get(4).size() == 1
                    && numeric(f.get(4).get(0).text()).isPresent();
            Optional<HbaAddress> address = HbaAddress.parse(masked ? a + " " + f.get(4).get(0).text() : a);
            if (address.isPresent()) {
                f.set(3, List.of(new Token(address.get().canonical(), false)));
                if (masked) {
                    f.remove(4);
                }
            }
        }
        return String.join(" ", f.stream().map(field -> String.join(",", field.stream()
                .map(t -> t.quoted() ? "\"" + t.text().replace("\"", "\"\"") + "\"" : t.text()).toList())).toList());
    }

    private static List<List<Token>> fields(String line) {
        List<List<Token>> fields = new ArrayList<>();
        int[] at = {0};
        while (at[0] < line.length()) {
            List<Token> field = new ArrayList<>();
            boolean comma = true;
            while (comma) {
                int before = field.size();
                comma = next(line, at, field);
                if (field.size() == before) {
                    break;
                }
            }
            if (!field.isEmpty()) {
                fields.add(field);
            }
        }
        return fields;
    }

    /**
     * Reads the next token of {@code line} from {@code at} into {@code field}, as PostgreSQL's
     * {@code next_token} does; returns whether an unquoted comma ended it (the list goes on).
     */
    private static boolean next(String line, int[] at, List<Token> field) {
        int i = at[0];
        int n = line.length();
        while (i < n && (blank(line.charAt(i)) || line.charAt(i) == ',')) {
            i++;
        }
        StringBuilder buf = new StringBuilder();
        boolean inQuote = false;
        boolean wasQuote = false;
        boolean sawQuote = false;
        boolean initialQuote = false;
        boolean comma = false;
        while (i < n && (!blank(line.charAt(i)) || inQuote)) {
            char ch = line.charAt(i);
            if (ch == '#' && !inQuote) {
                i = n;
                break;
            }
            if (ch == ',' && !inQuote) {
                comma = true;
                i++;
                break;
            }
            if (ch != '"' || wasQuote) {
                buf.append(ch);
            }
            wasQuote = inQuote && ch == '"' && !wasQuote;
            if (ch == '"') {
                inQuote = !inQuote;
                sawQuote = true;
                if (buf.length() == 0) {
                    initialQuote = true;
                }
            }
            i++;
        }
        at[0] = i;
        if (sawQuote || buf.length() > 0) {
            field.add(new Token(buf.toString(), initialQuote));
        }
        return comma;
    }

    private static boolean blank(char c) {
        return c == ' ' || c == '\t' || c == '\r' || c == '\n';
    }
}

package dev.plumb.resource.postgres;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

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
 * change it. Pure.
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
        for (Record r : records(content)) {
            Evaluated e = evaluate(r, client, from);
            if (e.is() == Is.NO) {
                continue;
            }
            if (e.is() == Is.YES) {
                if (e.refusal().isEmpty()) {
                    return mayRefuse == null ? new Admitted(r.line()) : new Unsure(mayRefuse.line(), mayRefuse.why());
                }
                return mayAdmit == null ? new Refused(Optional.of(r.line()), e.refusal().get())
                        : new Unsure(mayAdmit.line(), mayAdmit.why());
            }
            if (e.refusal().isEmpty()) {
                mayAdmit = mayAdmit == null ? e : mayAdmit;
            } else {
                mayRefuse = mayRefuse == null ? e : mayRefuse;
            }
        }
        return mayAdmit == null ? new Refused(Optional.empty(), "no record matches it")
                : new Unsure(mayAdmit.line(), mayAdmit.why());
    }

    // ---- matching -------------------------------------------------------------------------------

    private enum Is { YES, NO, MAYBE }

    /** How one record meets the client: whether it matches (why not surely), and why it would refuse it. */
    private record Evaluated(Line line, Is is, String why, Optional<String> refusal) {
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
        Token a = f.get(3).get(0);
        int methodAt = 4;
        if (!a.quoted() && a.text().equals("all")) {
            fold.and(Is.YES, "");
        } else if (!a.quoted() && (a.text().equals("samehost") || a.text().equals("samenet"))) {
            boolean loopback = a.text().equals("samehost") ? c.address().equals("127.0.0.1") || is(from, "::1")
                    : c.address().startsWith("127.") || is(from, "::1");
            fold.and(loopback ? Is.YES : Is.MAYBE, a.text() + " depends on the server's own addresses");
        } else {
            String text = a.text();
            int slash = text.indexOf('/');
            Optional<byte[]> net = numeric(slash >= 0 ? text.substring(0, slash) : text);
            if (net.isEmpty()) {
                if (slash >= 0) {
                    return unreadable;
                }
                fold.and(Is.MAYBE, "it names a host (" + text + "), and plumb does not ask DNS");
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
        return new Evaluated(r.line(), fold.is, fold.why, refusal(f.get(methodAt).get(0).text(), options, c));
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

    private static final Pattern IPV4 = Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*");

    /** The bytes of a numeric IPv4 or IPv6 address; empty for anything else (a host name). */
    private static Optional<byte[]> numeric(String text) {
        Matcher v4 = IPV4.matcher(text);
        if (v4.matches()) {
            byte[] b = new byte[4];
            for (int i = 0; i < 4; i++) {
                int octet = Integer.parseInt(v4.group(i + 1));
                if (octet > 255) {
                    return Optional.empty();
                }
                b[i] = (byte) octet;
            }
            return Optional.of(b);
        }
        if (IPV6.matcher(text).matches()) {
            try {
                byte[] b = InetAddress.getByName(text).getAddress(); // a literal with ':' is parsed, never looked up
                return b.length == 16 ? Optional.of(b) : Optional.empty();
            } catch (UnknownHostException e) {
                return Optional.empty();
            }
        }
        return Optional.empty();
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
        byte[] m = new byte[length];
        for (int i = 0; i < length; i++) {
            int left = Math.max(0, Math.min(8, bits - i * 8));
            m[i] = (byte) (0xff << (8 - left));
        }
        return m;
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

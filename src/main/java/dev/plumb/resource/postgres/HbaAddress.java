package dev.plumb.resource.postgres;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The address field of a pg_hba.conf record, in every form PostgreSQL 15 accepts: a CIDR
 * ({@code 10.0.0.0/8}, {@code ::1/128}), an address and a separate netmask (written
 * {@code "10.0.0.0 255.0.0.0"}, as in the file), {@code all}, {@code samehost}, {@code samenet},
 * or a host name, which the server matches by reverse then forward DNS (a name starting with
 * {@code .} matches any name ending in it). {@link #canonical()} is the form the server reads it
 * in (pg_hba_file_rules' address and netmask): numbers normalised, host names in lower case, so
 * two spellings of one address compare equal. Pure: nothing is looked up.
 */
public sealed interface HbaAddress {

    /** How this address compares: equal for two spellings the server reads alike. */
    String canonical();

    /** {@code all}, {@code samehost} or {@code samenet}. */
    record Keyword(String word) implements HbaAddress {
        @Override
        public String canonical() {
            return word;
        }
    }

    /** A numeric address and its mask (a CIDR, or an address and a netmask). */
    record Net(byte[] address, byte[] mask) implements HbaAddress {
        @Override
        public String canonical() {
            return numeric(address) + " " + numeric(mask);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Net n && Arrays.equals(address, n.address) && Arrays.equals(mask, n.mask);
        }

        @Override
        public int hashCode() {
            return 31 * Arrays.hashCode(address) + Arrays.hashCode(mask);
        }

        @Override
        public String toString() {
            return canonical();
        }
    }

    /** A host name, or with a leading dot a suffix of one; matched case-insensitively. */
    record HostName(String name) implements HbaAddress {
        public boolean suffix() {
            return name.startsWith(".");
        }

        @Override
        public String canonical() {
            return name.toLowerCase(Locale.ROOT);
        }
    }

    /** Why a text is no address, and what to write instead. */
    record Problem(String message, String hint) {
    }

    Set<String> KEYWORDS = Set.of("all", "samehost", "samenet");

    /** {@code text} read as the address of a rule, or why it is none. */
    static Optional<HbaAddress> parse(String text) {
        return Parser.parse(text).address();
    }

    /** What is wrong with {@code text} as a rule's address, if anything. */
    static Optional<Problem> check(String text) {
        return Parser.parse(text).problem();
    }

    private static String numeric(byte[] b) {
        try {
            return InetAddress.getByAddress(b).getHostAddress();
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e); // only for a length other than 4 or 16
        }
    }

    /** Reads an address; package-private helpers for {@link HbaAccess} too. */
    final class Parser {
        private static final Pattern IPV4 = Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})");
        private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*");
        private static final Pattern LABEL = Pattern.compile("[A-Za-z0-9_]([A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?");
        private static final String EXAMPLES = "write a CIDR such as 10.0.0.0/8 or ::1/128, an address and a netmask"
                + " such as \"10.0.0.0 255.0.0.0\", all, samehost, samenet, or a host name such as db.example.com"
                + " (or .example.com for every name ending in it)";

        private Parser() {
        }

        private record Result(Optional<HbaAddress> address, Optional<Problem> problem) {
            static Result ok(HbaAddress a) {
                return new Result(Optional.of(a), Optional.empty());
            }

            static Result bad(String text, String why, String hint) {
                return new Result(Optional.empty(), Optional.of(new Problem("invalid address '" + text + "': " + why,
                        hint)));
            }
        }

        private static Result parse(String text) {
            if (KEYWORDS.contains(text)) {
                return Result.ok(new Keyword(text));
            }
            if (KEYWORDS.contains(text.toLowerCase(Locale.ROOT))) {
                return Result.bad(text, "the keyword is written in lower case (the server would take this for a"
                        + " host name)", "write " + text.toLowerCase(Locale.ROOT));
            }
            String[] parts = text.split("[ \t]+");
            if (text.isBlank() || parts.length > 2 || !text.equals(text.strip()) || text.matches("(?s).*[\r\n].*")) {
                return Result.bad(text, "expected one address", EXAMPLES);
            }
            if (parts.length == 2) {
                Optional<byte[]> a = numeric(parts[0]);
                Optional<byte[]> m = numeric(parts[1]);
                if (a.isEmpty() || m.isEmpty() || a.get().length != m.get().length) {
                    return Result.bad(text, "an address and its netmask are two numeric addresses of one family",
                            "write it as \"10.0.0.0 255.0.0.0\", or as a CIDR such as 10.0.0.0/8");
                }
                return Result.ok(new Net(a.get(), m.get()));
            }
            int slash = text.indexOf('/');
            if (slash >= 0) {
                String host = text.substring(0, slash);
                Optional<byte[]> a = numeric(host);
                if (a.isEmpty()) {
                    return hostName(host).address().isPresent()
                            ? Result.bad(text, "a host name takes no CIDR mask", "write the host name alone, or a"
                                    + " network as a CIDR such as 10.0.0.0/8")
                            : Result.bad(text, "expected a CIDR such as 10.0.0.0/8 or ::1/128", EXAMPLES);
                }
                int max = a.get().length * 8;
                String bits = text.substring(slash + 1);
                if (!bits.matches("\\d{1,3}") || Integer.parseInt(bits) > max) {
                    return Result.bad(text, "expected a CIDR with a mask of 0 to " + max + " bits", "such as "
                            + (max == 32 ? "10.0.0.0/8" : "fd00::/8"));
                }
                return Result.ok(new Net(a.get(), mask(Integer.parseInt(bits), a.get().length)));
            }
            if (numeric(text).isPresent()) {
                return Result.bad(text, "an IP address needs a CIDR mask or a netmask", "write " + text
                        + (text.indexOf(':') >= 0 ? "/128" : "/32") + " for this address alone");
            }
            return hostName(text);
        }

        private static Result hostName(String text) {
            String bad = "expected a CIDR such as 10.0.0.0/8 or ::1/128, or a host name";
            if (text.indexOf(':') >= 0 || text.matches("[\\d.]+")) {
                return Result.bad(text, "not an IP address: expected a CIDR such as 10.0.0.0/8 or ::1/128", EXAMPLES);
            }
            if (text.endsWith(".") && text.length() > 1) {
                return Result.bad(text, "a host name here has no trailing dot", "write "
                        + text.substring(0, text.length() - 1) + ": the server compares it with the client's name"
                        + " from reverse DNS, which has none");
            }
            String name = text.startsWith(".") ? text.substring(1) : text;
            String[] labels = name.split("\\.", -1);
            if (name.length() > 253 || Arrays.stream(labels).anyMatch(l -> !LABEL.matcher(l).matches())) {
                return Result.bad(text, bad, EXAMPLES);
            }
            if (labels[labels.length - 1].matches("\\d+")) {
                return Result.bad(text, "a host name does not end in a number: " + bad, EXAMPLES);
            }
            return Result.ok(new HostName(text));
        }

        /** The bytes of a numeric IPv4 or IPv6 address; empty for anything else (a host name). */
        static Optional<byte[]> numeric(String text) {
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

        static byte[] mask(int bits, int length) {
            byte[] m = new byte[length];
            for (int i = 0; i < length; i++) {
                int left = Math.max(0, Math.min(8, bits - i * 8));
                m[i] = (byte) (0xff << (8 - left));
            }
            return m;
        }
    }
}

package dev.plumb.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * A string that is either plain or sensitive (some of it came from a secret, usually through
 * {@code ${secret.x}} interpolation). A sensitive text knows which characters are secret: its
 * {@link #spans()}. Texts built from texts ({@link Builder}, {@link #map}, {@link #lines}) keep
 * them, so every rendering of a secret (escaped, quoted, one line of a file) can be masked where
 * it is, whatever it looks like. {@link #toString()} of a sensitive text is always
 * {@link Sensitive#MASK}; {@link #reveal()} gives the characters for writing them out.
 */
public sealed interface Text permits Text.Plain, Text.Secret {

    /** The characters. Never pass the result of a sensitive text to a renderer or logger. */
    String reveal();

    boolean sensitive();

    /** The secret characters: offsets into {@link #reveal()}, in order, disjoint; empty when plain. */
    List<Span> spans();

    /** The characters {@code [start, end)}: offsets only, never the characters. */
    record Span(int start, int end) {
        public Span {
            if (start < 0 || end < start) {
                throw new IllegalArgumentException("bad span [" + start + ", " + end + ")");
            }
        }
    }

    static Text plain(String value) {
        return new Plain(value);
    }

    /** A text that is secret as a whole. */
    static Text secret(String value) {
        return new Secret(Sensitive.of(value), List.of(new Span(0, value.length())));
    }

    static Text of(String value, boolean sensitive) {
        return sensitive ? secret(value) : plain(value);
    }

    static Builder builder() {
        return new Builder();
    }

    /**
     * This text with {@code encoding} applied to each plain and each secret run on its own: for
     * encodings of one character at a time (backslash-escaping, doubling quotes,
     * percent-encoding), where that equals encoding the whole. What a secret character becomes
     * stays secret.
     */
    default Text map(UnaryOperator<String> encoding) {
        Builder b = builder();
        String s = reveal();
        int at = 0;
        for (Span span : spans()) {
            b.append(encoding.apply(s.substring(at, span.start())));
            b.appendSecret(encoding.apply(s.substring(span.start(), span.end())));
            at = span.end();
        }
        return b.append(encoding.apply(s.substring(at))).build();
    }

    /** The characters {@code [start, end)}, with their spans. */
    default Text sub(int start, int end) {
        String s = reveal();
        Builder b = builder();
        int at = start;
        for (Span span : spans()) {
            int from = Math.max(span.start(), start);
            int to = Math.min(span.end(), end);
            if (from < to) {
                b.append(s.substring(at, from)).appendSecret(s.substring(from, to));
                at = to;
            }
        }
        return b.append(s.substring(at, end)).build();
    }

    /** The lines as {@link String#lines()} splits them (at \n, \r or \r\n), each with its spans. */
    default List<Text> lines() {
        String s = reveal();
        List<Text> out = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\n' || c == '\r') {
                out.add(sub(start, i));
                if (c == '\r' && i + 1 < s.length() && s.charAt(i + 1) == '\n') {
                    i++;
                }
                start = i + 1;
            }
        }
        if (start < s.length()) {
            out.add(sub(start, s.length()));
        }
        return out;
    }

    /** Appends plain strings and texts, keeping which characters are secret. */
    final class Builder {
        private final StringBuilder chars = new StringBuilder();
        private final List<Span> spans = new ArrayList<>();

        private Builder() {}

        public Builder append(String plain) {
            chars.append(plain);
            return this;
        }

        public Builder append(Text text) {
            String s = text.reveal();
            int at = 0;
            for (Span span : text.spans()) {
                append(s.substring(at, span.start())).appendSecret(s.substring(span.start(), span.end()));
                at = span.end();
            }
            return append(s.substring(at));
        }

        /** Characters that are secret; adjacent secret runs become one span. */
        public Builder appendSecret(String secret) {
            int start = chars.length();
            chars.append(secret);
            if (secret.isEmpty()) {
                return this;
            }
            int last = spans.size() - 1;
            if (last >= 0 && spans.get(last).end() == start) {
                spans.set(last, new Span(spans.get(last).start(), chars.length()));
            } else {
                spans.add(new Span(start, chars.length()));
            }
            return this;
        }

        /** The characters appended so far. */
        public int length() {
            return chars.length();
        }

        /** Plain when no character is secret. */
        public Text build() {
            return spans.isEmpty() ? plain(chars.toString()) : new Secret(Sensitive.of(chars.toString()), spans);
        }
    }

    record Plain(String value) implements Text {
        public Plain {
            Objects.requireNonNull(value, "value");
        }

        @Override
        public String reveal() {
            return value;
        }

        @Override
        public boolean sensitive() {
            return false;
        }

        @Override
        public List<Span> spans() {
            return List.of();
        }

        @Override
        public String toString() {
            return value;
        }
    }

    /** A text with at least one secret span. */
    record Secret(Sensitive<String> value, List<Span> spans) implements Text {
        public Secret {
            Objects.requireNonNull(value, "value");
            spans = List.copyOf(spans);
            if (spans.isEmpty()) {
                throw new IllegalArgumentException("a secret text has a secret span");
            }
            int at = 0;
            for (Span s : spans) {
                if (s.start() < at || s.end() > value.reveal().length()) {
                    throw new IllegalArgumentException("spans out of order or out of the text");
                }
                at = s.end();
            }
        }

        @Override
        public String reveal() {
            return value.reveal();
        }

        @Override
        public boolean sensitive() {
            return true;
        }

        @Override
        public String toString() {
            return Sensitive.MASK;
        }
    }
}

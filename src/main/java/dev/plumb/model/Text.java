package dev.plumb.model;

import java.util.Objects;

/**
 * A string that is either plain or sensitive (it contains a secret, usually through
 * {@code ${secret.x}} interpolation). {@link #toString()} of a sensitive text is always
 * {@link Sensitive#MASK}; {@link #reveal()} gives the characters for writing them out.
 */
public sealed interface Text permits Text.Plain, Text.Secret {

    /** The characters. Never pass the result of a sensitive text to a renderer or logger. */
    String reveal();

    boolean sensitive();

    static Text plain(String value) {
        return new Plain(value);
    }

    static Text secret(String value) {
        return new Secret(Sensitive.of(value));
    }

    static Text of(String value, boolean sensitive) {
        return sensitive ? secret(value) : plain(value);
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
        public String toString() {
            return value;
        }
    }

    record Secret(Sensitive<String> value) implements Text {
        public Secret {
            Objects.requireNonNull(value, "value");
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

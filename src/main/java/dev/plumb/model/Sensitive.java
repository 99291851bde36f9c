package dev.plumb.model;

import java.util.Objects;
import java.util.function.Function;

/**
 * A value that must never be shown. {@link #toString()} always renders {@code (sensitive)};
 * the value itself is reachable only through {@link #reveal()}, which callers use at the last
 * moment (writing a file, sending a password), never for display.
 */
public final class Sensitive<T> {
    public static final String MASK = "(sensitive)";

    private final T value;

    private Sensitive(T value) {
        this.value = Objects.requireNonNull(value, "value");
    }

    public static <T> Sensitive<T> of(T value) {
        return new Sensitive<>(value);
    }

    /** The wrapped value. Never pass the result to a renderer, logger or exception message. */
    public T reveal() {
        return value;
    }

    public <R> Sensitive<R> map(Function<? super T, ? extends R> f) {
        return new Sensitive<>(f.apply(value));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Sensitive<?> s && value.equals(s.value);
    }

    @Override
    public int hashCode() {
        return value.hashCode();
    }

    @Override
    public String toString() {
        return MASK;
    }
}

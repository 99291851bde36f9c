package dev.plumb.check;

import java.util.List;
import java.util.Objects;

/**
 * Why a check likely failed and what to do next, in the spirit of the seed guide's "common
 * causes"; {@code detail} holds what plumb read that shows it (a pg_hba.conf line, ss output,
 * journal lines).
 */
public record Diagnosis(String cause, String next, List<String> detail) {
    public Diagnosis {
        Objects.requireNonNull(cause, "cause");
        Objects.requireNonNull(next, "next");
        detail = List.copyOf(detail);
    }

    Diagnosis with(List<String> more) {
        List<String> all = new java.util.ArrayList<>(detail);
        all.addAll(more);
        return new Diagnosis(cause, next, all);
    }
}

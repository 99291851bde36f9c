package dev.plumb.model;

/** The {@code state:} of a declared object that can only exist or not. */
public enum Presence {
    PRESENT, ABSENT
}

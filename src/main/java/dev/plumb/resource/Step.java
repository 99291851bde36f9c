package dev.plumb.resource;

import java.util.Optional;

import dev.plumb.model.ResourceAddress;

/**
 * One thing an apply does. A {@link Script} is a root shell fragment: the engine joins the
 * scripts of consecutive steps into one round trip after {@link dev.plumb.shell.ShellLib#PRELUDE}.
 * A {@link Call} runs in plumb (a SQL session, Flyway). {@code address} names the resource a
 * failure belongs to, so its message can point at the playbook line that declared it.
 */
public sealed interface Step {
    Phase phase();

    Optional<ResourceAddress> address();

    /** What the step does, for progress and errors; never holds a secret. */
    String describe();

    /** A fragment of a root shell script; it fails the host by exiting non-zero with a message on stderr. */
    record Script(Phase phase, Optional<ResourceAddress> address, String describe, String text) implements Step {
    }

    /** Work done in plumb itself. */
    record Call(Phase phase, Optional<ResourceAddress> address, String describe, Action action) implements Step {
    }

    /** The body of a {@link Call}. */
    @FunctionalInterface
    interface Action {
        void run() throws KindException;
    }
}

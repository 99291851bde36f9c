package dev.plumb.resource.file;

import java.util.HashSet;
import java.util.Set;
import java.util.function.UnaryOperator;

import dev.plumb.model.Redactor;
import dev.plumb.model.Sensitive;

/**
 * Masks the lines of a sensitive file for display. A line is masked when it holds a known
 * secret, or when it sets the same {@code KEY=} as such a line in the desired content, so an
 * old secret being replaced is hidden too. A masked line keeps its key and shows a short tag
 * ({@link Redactor#tag}): equal lines get equal tags, so a diff
 * still shows that a secret changed without showing either value.
 */
public final class SecretMask implements UnaryOperator<String> {
    private final Redactor redactor;
    private final Set<String> secretKeys = new HashSet<>();

    private SecretMask(Redactor redactor) {
        this.redactor = redactor;
    }

    /** A mask for content derived from {@code desired}. */
    public static SecretMask forContent(String desired, Redactor redactor) {
        SecretMask m = new SecretMask(redactor);
        desired.lines().filter(l -> !redactor.redact(l).equals(l)).forEach(l -> key(l).ifPresent(m.secretKeys::add));
        return m;
    }

    @Override
    public String apply(String line) {
        boolean secret = !redactor.redact(line).equals(line)
                || key(line).filter(secretKeys::contains).isPresent();
        if (!secret) {
            return line;
        }
        String tag = Sensitive.MASK.replace(")", " " + redactor.tag(line) + ")");
        return key(line).map(k -> k + "=" + tag).orElse(tag);
    }

    private static java.util.Optional<String> key(String line) {
        int eq = line.indexOf('=');
        return eq > 0 ? java.util.Optional.of(line.substring(0, eq)) : java.util.Optional.empty();
    }
}

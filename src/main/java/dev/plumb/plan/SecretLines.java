package dev.plumb.plan;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import dev.plumb.model.Redactor;
import dev.plumb.model.Text;

/**
 * Shows a live value, or a line of a live file, that stands against a desired one holding
 * secrets. The live side may hold the old values of those secrets (before a rotation), which are
 * secrets too, so it is masked with the desired side's spans: where the live line matches the
 * desired one outside its secret spans, the characters in their place are masked, each with its
 * tag; where it does not, plumb cannot know where the old secret is, and the whole line is masked
 * after the part it shares with the desired line's plain start.
 */
public final class SecretLines {
    private SecretLines() {}

    /** {@code live} as the live value of {@code desired}; only redacted when nothing there is secret. */
    public static String live(String live, Text desired, Redactor redactor) {
        return live(live, Optional.of(desired), List.of(desired), List.of(), redactor);
    }

    /**
     * {@code live}, standing against {@code counterpart} in a block of changed lines {@code block}
     * (the desired lines it may replace); {@code keyed} are the desired secret lines of the whole
     * file that start with plain text (a key), which a live line elsewhere may hold an old
     * value of.
     */
    static String live(String live, Optional<Text> counterpart, List<Text> block, List<Text> keyed,
                       Redactor redactor) {
        List<Text> candidates = new ArrayList<>();
        counterpart.filter(Text::sensitive).ifPresent(candidates::add);
        block.stream().filter(Text::sensitive).forEach(candidates::add);
        for (Text d : candidates) {
            Optional<String> shown = template(live, d, redactor);
            if (shown.isPresent()) {
                return shown.get();
            }
        }
        if (!candidates.isEmpty()) {
            return whole(live, leading(candidates.get(0)), redactor);
        }
        for (Text d : keyed) {
            Optional<String> shown = template(live, d, redactor);
            if (shown.isPresent()) {
                return shown.get();
            }
            String key = key(d);
            if (!key.isBlank() && live.startsWith(key)) {
                return whole(live, key, redactor);
            }
        }
        return redactor.redact(live);
    }

    /** Whether a desired line starts with plain text: a key that finds its old values elsewhere. */
    static boolean keyed(Text line) {
        return line.sensitive() && !key(line).isBlank();
    }

    /** The plain start up to its first '=' included (KEY=), or the whole plain start. */
    private static String key(Text line) {
        String lead = leading(line);
        int eq = lead.indexOf('=');
        return eq > 0 ? lead.substring(0, eq + 1) : lead;
    }

    private static String leading(Text line) {
        return line.reveal().substring(0, line.spans().isEmpty() ? line.reveal().length() : line.spans().get(0).start());
    }

    /** {@code live} masked whole after the part of {@code plain} it starts with. */
    private static String whole(String live, String plain, Redactor redactor) {
        int n = 0;
        while (n < live.length() && n < plain.length() && live.charAt(n) == plain.charAt(n)) {
            n++;
        }
        String kept = redactor.redact(live.substring(0, n));
        return n == live.length() ? kept : kept + redactor.masked(live.substring(n));
    }

    /**
     * {@code live} shown with the characters in place of {@code desired}'s secret spans masked,
     * when it has the same plain runs around them (each run found at its first place after the
     * one before, the last at the end).
     */
    private static Optional<String> template(String live, Text desired, Redactor redactor) {
        if (live.equals(desired.reveal())) {
            return Optional.of(redactor.show(desired));
        }
        String s = desired.reveal();
        List<Text.Span> spans = desired.spans();
        List<String> plain = new ArrayList<>();
        int from = 0;
        for (Text.Span span : spans) {
            plain.add(s.substring(from, span.start()));
            from = span.end();
        }
        String last = s.substring(from);
        if (!live.startsWith(plain.get(0)) || !live.endsWith(last)
                || live.length() < plain.get(0).length() + last.length()) {
            return Optional.empty();
        }
        int end = live.length() - last.length();
        int at = plain.get(0).length();
        StringBuilder out = new StringBuilder(redactor.redact(plain.get(0)));
        for (int k = 1; k < plain.size(); k++) {
            int next = live.indexOf(plain.get(k), at);
            if (next < 0 || next + plain.get(k).length() > end) {
                return Optional.empty();
            }
            out.append(redactor.masked(live.substring(at, next))).append(redactor.redact(plain.get(k)));
            at = next + plain.get(k).length();
        }
        return Optional.of(out.append(redactor.masked(live.substring(at, end))).append(redactor.redact(last))
                .toString());
    }
}

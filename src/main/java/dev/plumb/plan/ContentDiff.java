package dev.plumb.plan;

import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;

import com.github.difflib.DiffUtils;
import com.github.difflib.UnifiedDiffUtils;
import com.github.difflib.patch.Patch;

/**
 * Unified diffs of text content for plans. Every line passes through a redactor first, so a
 * line holding a secret shows as masked on both sides and never leaks through the diff.
 */
public final class ContentDiff {
    private ContentDiff() {}

    /** A unified diff with 3 lines of context, or empty when the redacted texts are equal. */
    public static Optional<String> unified(String label, String before, String after, UnaryOperator<String> redact) {
        List<String> a = lines(before, redact);
        List<String> b = lines(after, redact);
        Patch<String> patch = DiffUtils.diff(a, b);
        if (patch.getDeltas().isEmpty()) {
            return Optional.empty();
        }
        List<String> out = UnifiedDiffUtils.generateUnifiedDiff(label, label, a, patch, 3);
        return Optional.of(String.join("\n", out));
    }

    private static List<String> lines(String text, UnaryOperator<String> redact) {
        return text.lines().map(redact).toList();
    }
}

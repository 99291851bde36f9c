package dev.plumb.plan;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import com.github.difflib.DiffUtils;
import com.github.difflib.UnifiedDiffUtils;
import com.github.difflib.patch.AbstractDelta;
import com.github.difflib.patch.Patch;

import dev.plumb.model.Redactor;
import dev.plumb.model.Text;

/**
 * Unified diffs of text content for plans, masked before they are made. A desired line shows its
 * secret spans masked ({@link Redactor#show}). A live line is shown through the desired line it
 * stands against in the diff of the real lines ({@link SecretLines}), so an old secret being
 * replaced is masked too; a live line elsewhere is masked when it starts with the key of a
 * desired secret line, and redacted otherwise.
 */
public final class ContentDiff {
    private ContentDiff() {}

    /** A unified diff with 3 lines of context, or empty when the masked texts are equal. */
    public static Optional<String> unified(String label, String before, Text after, Redactor redactor) {
        List<Text> want = after.lines();
        List<String> a = live(before.lines().toList(), want, redactor);
        List<String> b = want.stream().map(redactor::show).toList();
        Patch<String> patch = DiffUtils.diff(a, b);
        if (patch.getDeltas().isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(String.join("\n", UnifiedDiffUtils.generateUnifiedDiff(label, label, a, patch, 3)));
    }

    private static List<String> live(List<String> live, List<Text> want, Redactor redactor) {
        if (want.stream().noneMatch(Text::sensitive)) {
            return live.stream().map(redactor::redact).toList();
        }
        List<Text> keyed = want.stream().filter(SecretLines::keyed).toList();
        Patch<String> raw = DiffUtils.diff(live, want.stream().map(Text::reveal).toList());
        List<String> out = new ArrayList<>();
        int j = 0;
        for (AbstractDelta<String> d : raw.getDeltas()) {
            while (out.size() < d.getSource().getPosition()) {
                out.add(redactor.show(want.get(j++))); // the same characters as the desired line
            }
            int t = d.getTarget().getPosition();
            List<Text> block = want.subList(t, t + d.getTarget().size());
            for (int k = 0; k < d.getSource().size(); k++) {
                Optional<Text> counterpart = k < block.size() ? Optional.of(block.get(k)) : Optional.empty();
                out.add(SecretLines.live(live.get(out.size()), counterpart, block, keyed, redactor));
            }
            j = t + block.size();
        }
        while (out.size() < live.size()) {
            out.add(redactor.show(want.get(j++)));
        }
        return out;
    }
}

package dev.plumb.model;

import java.util.Collection;
import java.util.Locale;
import java.util.Optional;

/** "Did you mean" hints: the candidate nearest to a misspelt word, if it is near enough. */
public final class Suggest {
    static final int MAX_WORD = 256;

    private Suggest() {
    }

    /**
     * The candidate with the smallest edit distance (insert, delete, substitute, swap two
     * neighbours; case ignored) when that distance is small for the word's length: 1 up to 3
     * characters, 2 up to 6, else 3. Ties go to the earlier candidate. A word longer than
     * {@value #MAX_WORD} characters is no typo of a name: nothing is suggested, so that the
     * distance (quadratic in the lengths) is never computed on hostile input.
     */
    public static Optional<String> nearest(String word, Collection<String> candidates) {
        if (word.length() > MAX_WORD) {
            return Optional.empty();
        }
        String w = word.toLowerCase(Locale.ROOT);
        int limit = w.length() <= 3 ? 1 : w.length() <= 6 ? 2 : 3;
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String c : candidates) {
            if (Math.abs(c.length() - w.length()) > limit) {
                continue; // the distance is at least the difference in length: too far, and not worth computing
            }
            int d = distance(w, c.toLowerCase(Locale.ROOT));
            if (d < bestDistance) {
                best = c;
                bestDistance = d;
            }
        }
        return bestDistance <= limit ? Optional.of(best) : Optional.empty();
    }

    /** {@code did you mean 'x'?}, or empty when nothing is near. */
    public static Optional<String> didYouMean(String word, Collection<String> candidates) {
        return nearest(word, candidates).map(c -> "did you mean '" + c + "'?");
    }

    /** Optimal string alignment distance (Damerau-Levenshtein without repeated edits). */
    public static int distance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }
}

package dev.plumb.git;

import java.nio.file.Path;
import java.util.Locale;

import org.eclipse.jgit.lib.Repository;

/**
 * Names of the append-only record refs: {@code refs/plumb/applied/NAME} and
 * {@code refs/plumb/drift/NAME}, where NAME comes from the inventory's file name by this rule:
 * <ol>
 * <li>take the file name alone and drop a final {@code .yml} or {@code .yaml} (any case);</li>
 * <li>turn every run of characters other than ASCII letters, digits, {@code .}, {@code _} and
 *     {@code -} into one {@code -}, and every run of dots into one dot;</li>
 * <li>drop leading and trailing dots and dashes, and spell a final {@code .lock} as {@code -lock};</li>
 * <li>use {@code inventory} if nothing is left.</li>
 * </ol>
 * So {@code inventory/lab.yml} is {@code lab} and {@code "prod eu@2.yaml"} is {@code prod-eu-2}.
 * The result is always one valid ref component; inventories whose names reduce to the same
 * NAME (lab.yml and lab.yaml, in any directories) share a record ref.
 */
public final class RecordRefs {
    /** Every record ref starts with this; {@link Repo#appendRecord} and {@link Repo#push} take no other. */
    public static final String PREFIX = "refs/plumb/";
    public static final String APPLIED = PREFIX + "applied/";
    public static final String DRIFT = PREFIX + "drift/";

    private RecordRefs() {
    }

    /** {@code refs/plumb/applied/NAME}: what apply did with this inventory. */
    public static String applied(Path inventory) {
        return APPLIED + name(inventory);
    }

    /** {@code refs/plumb/drift/NAME}: what drift found with this inventory. */
    public static String drift(Path inventory) {
        return DRIFT + name(inventory);
    }

    /** NAME for an inventory file, by the rule above. */
    public static String name(Path inventory) {
        Path file = inventory.getFileName();
        String s = file == null ? "" : file.toString();
        if (s.toLowerCase(Locale.ROOT).endsWith(".yml")) {
            s = s.substring(0, s.length() - 4);
        } else if (s.toLowerCase(Locale.ROOT).endsWith(".yaml")) {
            s = s.substring(0, s.length() - 5);
        }
        s = s.replaceAll("[^A-Za-z0-9._-]+", "-").replaceAll("\\.{2,}", ".").replaceAll("^[.-]+|[.-]+$", "");
        if (s.endsWith(".lock")) {
            s = s.substring(0, s.length() - 5) + "-lock";
        }
        return s.isEmpty() ? "inventory" : s;
    }

    /** A well-formed ref under {@link #PREFIX}, or INVALID. */
    static void check(String ref) throws GitException {
        if (ref == null || !ref.startsWith(PREFIX) || ref.length() == PREFIX.length()) {
            throw new GitException(GitException.Kind.INVALID,
                    "'" + ref + "' is not a record ref: record refs live under " + PREFIX);
        }
        if (!Repository.isValidRefName(ref)) {
            throw new GitException(GitException.Kind.INVALID, "'" + ref + "' is not a valid ref name");
        }
    }
}

package dev.plumb.inventory;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Shard {@code number} of {@code count} (numbered from 1, as {@code --shard 2/4} writes it): a
 * stable part of a set of hosts, so that N independent runs together cover every host once.
 * <p>
 * A host belongs to the shard of highest rendezvous weight, SHA-256 of its inventory name and
 * the shard's 0-based slot. The choice depends on the host's name and the count alone: adding
 * or removing a host moves no other host, and going from N to N+1 shards moves only the hosts
 * the new shard wins (about 1/(N+1) of them).
 */
public record Shard(int number, int count) {
    private static final Pattern FORM = Pattern.compile("(\\d{1,6})/(\\d{1,6})");

    public Shard {
        if (count < 1 || number < 1 || number > count) {
            throw new IllegalArgumentException("shard " + number + "/" + count + " is not 1..N of N >= 1");
        }
    }

    /** The whole: one shard holding every host. */
    public static Shard all() {
        return new Shard(1, 1);
    }

    /** {@code I/N} with 1 <= I <= N, or why not (a sentence with a hint). */
    public static Parsed parse(String text) {
        Matcher m = FORM.matcher(text == null ? "" : text.strip());
        if (!m.matches()) {
            return new Parsed.Bad("'" + text + "' is not I/N: write the shard's number and the number of shards,"
                    + " such as 2/4");
        }
        int i = Integer.parseInt(m.group(1));
        int n = Integer.parseInt(m.group(2));
        if (n < 1) {
            return new Parsed.Bad("'" + text + "': there must be at least 1 shard");
        }
        if (i < 1 || i > n) {
            return new Parsed.Bad("'" + text + "': I must be 1 to " + n + " (shards are numbered from 1;"
                    + " from a 0-based index such as JOB_COMPLETION_INDEX pass $((INDEX + 1))/" + n + ")");
        }
        return new Parsed.Ok(new Shard(i, n));
    }

    /** The outcome of {@link #parse}. */
    public sealed interface Parsed {
        record Ok(Shard shard) implements Parsed {}

        record Bad(String why) implements Parsed {}
    }

    /** The number (1..count) of the shard {@code host} belongs to among {@code count}. */
    public static int of(String host, int count) {
        int best = 0;
        long bestWeight = 0;
        for (int slot = 0; slot < count; slot++) {
            long w = weight(host, slot);
            if (slot == 0 || Long.compareUnsigned(w, bestWeight) > 0) {
                best = slot;
                bestWeight = w;
            }
        }
        return best + 1;
    }

    /** Whether {@code host} belongs to this shard. */
    public boolean holds(String host) {
        return count == 1 || of(host, count) == number;
    }

    /** Those of {@code items} whose host ({@code name}) this shard holds, in their order. */
    public <T> List<T> select(List<T> items, Function<T, String> name) {
        return items.stream().filter(t -> holds(name.apply(t))).toList();
    }

    /** {@code I/N}. */
    @Override
    public String toString() {
        return number + "/" + count;
    }

    private static long weight(String host, int slot) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(host.getBytes(StandardCharsets.UTF_8));
            sha.update((byte) 0);
            sha.update(ByteBuffer.allocate(4).putInt(slot).array());
            return ByteBuffer.wrap(sha.digest()).getLong();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this Java", e);
        }
    }
}

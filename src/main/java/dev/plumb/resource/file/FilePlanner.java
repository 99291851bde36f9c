package dev.plumb.resource.file;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

import dev.plumb.model.Presence;
import dev.plumb.model.Redactor;
import dev.plumb.model.Text;
import dev.plumb.plan.Action;
import dev.plumb.plan.Attr;
import dev.plumb.plan.Change;
import dev.plumb.plan.ContentDiff;

/** Pure diff of one declared file against what the host has at its path. */
public final class FilePlanner {
    private FilePlanner() {}

    /** The change that brings {@code actual} to {@code spec}; empty when they already match. */
    public static Optional<Change> diff(FileSpec spec, FileState actual, Redactor redactor) {
        if (spec.state() == Presence.ABSENT) {
            return actual instanceof FileState.Absent ? Optional.empty()
                    : Optional.of(Change.of(spec.address(), Action.DELETE, List.of()).withLive(live(actual)));
        }
        Text body = spec.content().orElseThrow().body();
        return diff(spec, body, actual, redactor);
    }

    private static Optional<Change> diff(FileSpec spec, Text body, FileState actual, Redactor redactor) {
        String label = spec.path();
        if (actual instanceof FileState.Regular r) {
            return update(spec, body, r, redactor, label).map(c -> c.withLive(live(actual)));
        }
        if (actual instanceof FileState.Other) {
            return Optional.of(Change.of(spec.address(), Action.UPDATE,
                            List.of(Attr.of("type", "not a regular file", "regular file")))
                    .withReason("refusing to replace a directory, symlink or device; remove it first"));
        }
        return Optional.of(Change.of(spec.address(), Action.CREATE, List.of(
                        Attr.set("owner", spec.owner()), Attr.set("group", spec.group()),
                        Attr.set("mode", spec.mode())))
                .withDiff(ContentDiff.unified(label, "", body, redactor)));
    }

    private static Optional<Change> update(FileSpec spec, Text body, FileState.Regular r,
                                           Redactor redactor, String label) {
        List<Attr> attrs = new ArrayList<>();
        if (!spec.owner().equals(r.owner())) {
            attrs.add(Attr.of("owner", r.owner(), spec.owner()));
        }
        if (!spec.group().equals(r.group())) {
            attrs.add(Attr.of("group", r.group(), spec.group()));
        }
        if (!spec.mode().equals(r.mode())) {
            attrs.add(Attr.of("mode", r.mode(), spec.mode()));
        }
        boolean contentDiffers = !sha256(body.reveal()).equals(r.sha256());
        if (attrs.isEmpty() && !contentDiffers) {
            return Optional.empty();
        }
        Optional<String> diff = Optional.empty();
        if (contentDiffers) {
            diff = r.content()
                    .map(bytes -> ContentDiff.unified(label, new String(bytes, StandardCharsets.UTF_8), body, redactor)
                            .orElse("(content differs only in lines that hold secrets)"))
                    .or(() -> Optional.of("(content differs; the live file is too large to show)"));
        }
        return Optional.of(Change.of(spec.address(), Action.UPDATE, attrs).withDiff(diff));
    }

    /** The live state a change was planned against, for fingerprints: never shown. */
    public static String live(FileState s) {
        if (s instanceof FileState.Regular r) {
            return "file " + r.mode() + " " + r.owner() + " " + r.group() + " " + r.sha256();
        }
        return s instanceof FileState.Other ? "other" : "absent";
    }

    public static String sha256(String text) {
        return sha256(text.getBytes(StandardCharsets.UTF_8));
    }

    public static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

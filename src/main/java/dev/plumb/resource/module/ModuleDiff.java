package dev.plumb.resource.module;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import dev.plumb.model.Presence;
import dev.plumb.model.Text;
import dev.plumb.plan.Action;
import dev.plumb.plan.Attr;
import dev.plumb.plan.Change;
import dev.plumb.resource.module.ModuleValues.Live;

/**
 * The pure diff of one declared object against what its read printed: create when it is absent,
 * update when a compared key differs (after normalisation), delete when it is present and
 * declared absent. A key without a desired value (optional, no default, not given) is not
 * compared; a secret key never is (a read must not print it).
 */
final class ModuleDiff {
    private ModuleDiff() {}

    /** The change, if any, and the snippet that makes it. */
    record Result(Optional<Change> change, Optional<Action> action) {
        static final Result NONE = new Result(Optional.empty(), Optional.empty());
    }

    static Result diff(ModuleDef def, ModuleSpec spec, Live live) {
        boolean present = live instanceof Live.Present;
        if (spec.state() == Presence.ABSENT) {
            if (!present) {
                return Result.NONE;
            }
            Live.Present p = (Live.Present) live;
            List<Attr> attrs = new ArrayList<>();
            for (ModuleDef.KeySpec k : def.compared()) {
                Optional.ofNullable(p.values().get(k.name())).ifPresent(v -> attrs.add(Attr.of(k.name(), v, null)));
            }
            return of(spec, Action.DELETE, attrs, live);
        }
        if (!present) {
            List<Attr> attrs = new ArrayList<>();
            spec.values().forEach((k, v) -> attrs.add(Attr.set(k, show(v))));
            return of(spec, Action.CREATE, attrs, live);
        }
        Live.Present p = (Live.Present) live;
        List<Attr> attrs = new ArrayList<>();
        for (ModuleDef.KeySpec k : def.compared()) {
            Text desired = spec.values().get(k.name());
            if (desired == null || k.secret()) {
                continue;
            }
            Optional<String> now = Optional.ofNullable(p.values().get(k.name()));
            if (!ModuleValues.same(def, k, now, desired.reveal())) {
                attrs.add(new Attr(k.name(), now, Optional.of(show(desired))));
            }
        }
        return attrs.isEmpty() ? Result.NONE : of(spec, Action.UPDATE, attrs, live);
    }

    private static Result of(ModuleSpec spec, Action action, List<Attr> attrs, Live live) {
        return new Result(Optional.of(Change.of(spec.address(), action, attrs).withLive(describe(live))),
                Optional.of(action));
    }

    /** A value for display: a secret is masked. */
    private static String show(Text v) {
        return v.sensitive() ? v.toString() : v.reveal();
    }

    /** The live state, canonically, for saved-plan fingerprints. */
    private static String describe(Live live) {
        return live instanceof Live.Present p ? p.values().toString() : "absent";
    }
}

package dev.plumb.plan;

import java.util.List;
import java.util.Optional;

import dev.plumb.model.ResourceAddress;

/**
 * One resource's difference between desired and live state.
 *
 * @param attrs  attributes that change (for CREATE: the ones being set)
 * @param diff   a unified diff of content, with secret lines masked
 * @param reason why, when not obvious: "notified by ...", "pending from an interrupted run"
 * @param live   a canonical description of the live state the change was planned against,
 *               for fingerprints only: never rendered, since it may derive from secrets
 */
public record Change(ResourceAddress address, Action action, List<Attr> attrs, Optional<String> diff,
                     Optional<String> reason, Optional<String> live) {

    public Change {
        attrs = List.copyOf(attrs);
    }

    public static Change of(ResourceAddress address, Action action, List<Attr> attrs) {
        return new Change(address, action, attrs, Optional.empty(), Optional.empty(), Optional.empty());
    }

    public Change withDiff(Optional<String> d) {
        return new Change(address, action, attrs, d, reason, live);
    }

    public Change withReason(String r) {
        return new Change(address, action, attrs, diff, Optional.of(r), live);
    }

    public Change withLive(String l) {
        return new Change(address, action, attrs, diff, reason, Optional.of(l));
    }

    /** "file /etc/flask/myapp.env": the address without the host. */
    public String label() {
        return address.kind() + " " + address.name();
    }

    /** Never shows {@code live}. */
    @Override
    public String toString() {
        return action.symbol() + " " + address + " " + attrs + diff.map(d -> " diff").orElse("")
                + reason.map(r -> " (" + r + ")").orElse("");
    }
}

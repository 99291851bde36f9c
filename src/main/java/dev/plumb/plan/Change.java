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
 */
public record Change(ResourceAddress address, Action action, List<Attr> attrs, Optional<String> diff,
                     Optional<String> reason) {

    public Change {
        attrs = List.copyOf(attrs);
    }

    public static Change of(ResourceAddress address, Action action, List<Attr> attrs) {
        return new Change(address, action, attrs, Optional.empty(), Optional.empty());
    }

    public Change withDiff(Optional<String> d) {
        return new Change(address, action, attrs, d, reason);
    }

    public Change withReason(String r) {
        return new Change(address, action, attrs, diff, Optional.of(r));
    }

    /** "file /etc/flask/myapp.env": the address without the host. */
    public String label() {
        return address.kind() + " " + address.name();
    }
}

package dev.plumb.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.events.Event;
import org.yaml.snakeyaml.parser.Parser;

/**
 * A SnakeYAML parser that remembers where each alias is, in document order (the composer gives
 * an alias the node it names, so its own position is lost there), and where the last event it
 * gave started (where reading stopped, for errors that carry no position).
 */
final class MarkingParser implements Parser {
    /** Where one alias ({@code *name}) starts and ends. */
    record Alias(Mark start, Mark end) {
    }

    private final Parser parser;
    private final List<Alias> aliases = new ArrayList<>();
    private Mark last;

    MarkingParser(Parser parser) {
        this.parser = parser;
    }

    /** The aliases read so far, in document order. */
    List<Alias> aliases() {
        return aliases;
    }

    /** Where the last event given started; empty before the first. */
    Optional<Mark> last() {
        return Optional.ofNullable(last);
    }

    @Override
    public boolean checkEvent(Event.ID choice) {
        return parser.checkEvent(choice);
    }

    @Override
    public Event peekEvent() {
        return parser.peekEvent();
    }

    @Override
    public Event getEvent() {
        Event e = parser.getEvent();
        last = e.getStartMark();
        if (e.is(Event.ID.Alias)) {
            aliases.add(new Alias(e.getStartMark(), e.getEndMark()));
        }
        return e;
    }
}

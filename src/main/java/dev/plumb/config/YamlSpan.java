package dev.plumb.config;

import java.util.ArrayList;
import java.util.List;
import org.yaml.snakeyaml.DumperOptions.FlowStyle;
import org.yaml.snakeyaml.DumperOptions.ScalarStyle;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Where one value of a document sits in its text (char offsets). {@code entryStart} is where its
 * entry begins: the key of a mapping entry, the dash of a block list item, the value itself in a
 * flow list or at the root. {@code start}..{@code end} is the value's own text, {@code end} being
 * the end of its content (a block collection ends where its last value ends; a block scalar at its
 * last non-blank line, before the line break). {@code indicatorEnd} is just after the {@code :} or
 * {@code -} that introduces the value, or -1. {@code ownerColumn} is the column of the key or dash
 * that owns the value (-1 at the root); {@code flow} says the value sits in a flow collection.
 * An alias occurrence spans its {@code *name}; its children are not indexed.
 */
record YamlSpan(List<Object> path, Node node, int entryStart, int start, int end, int indicatorEnd,
        int ownerColumn, boolean flow, boolean alias, List<YamlSpan> children) {

    static YamlSpan of(List<Object> path, Node node, int entryStart, int start, int end, int indicatorEnd,
            int ownerColumn, boolean flow, boolean alias) {
        return new YamlSpan(path, node, entryStart, start, end, indicatorEnd, ownerColumn, flow, alias,
                new ArrayList<>());
    }

    boolean isMapping() {
        return !alias && node instanceof MappingNode;
    }

    boolean isSequence() {
        return !alias && node instanceof SequenceNode;
    }

    boolean isScalar() {
        return !alias && node instanceof ScalarNode;
    }

    /** A collection written in flow style ({@code {..}} or {@code [..]}). */
    boolean isFlowCollection() {
        return node instanceof MappingNode m && m.getFlowStyle() == FlowStyle.FLOW
                || node instanceof SequenceNode s && s.getFlowStyle() == FlowStyle.FLOW;
    }

    boolean isBlockScalar() {
        return !alias && node instanceof ScalarNode s
                && (s.getScalarStyle() == ScalarStyle.LITERAL || s.getScalarStyle() == ScalarStyle.FOLDED);
    }

    /** An empty plain scalar ({@code key:} with nothing after it): null. */
    boolean isEmptyNull() {
        return isScalar() && start == end;
    }

    /** A null scalar: empty, {@code ~} or {@code null}. */
    boolean isNull() {
        return isScalar() && Tag.NULL.equals(node.getTag());
    }

    String kind() {
        if (alias) {
            return "an alias";
        }
        if (node instanceof MappingNode) {
            return "a mapping";
        }
        if (node instanceof SequenceNode) {
            return "a list";
        }
        return isNull() ? "null" : "a scalar";
    }
}

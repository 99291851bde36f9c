package dev.plumb.config;

/**
 * A {@link YamlEdit} that cannot be made: the document does not parse, the path does not lead
 * to an editable value, or no rendering of the value reads back as intended. The message is one
 * line, with line:column (1-based) where a position helps, and never quotes the document.
 */
public final class YamlEditException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    YamlEditException(String message) {
        super(message, null, false, false);
    }
}

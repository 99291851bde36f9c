package dev.plumb.resource.file;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * A live file's content as text a playbook can hold, for an import: read whole and matching the
 * hash taken from the same descriptor (else it changed while read), strict UTF-8, no NUL.
 */
public sealed interface LiveText {
    /** The text. */
    record Ok(String text) implements LiveText {}

    /** Why the file cannot be imported as text: one line naming {@code path}. */
    record Refused(String reason) implements LiveText {}

    static LiveText of(String path, FileState.Regular r) {
        String shown = FileImport.shown(path);
        Optional<byte[]> bytes = r.content().filter(b -> FilePlanner.sha256(b).equals(r.sha256()));
        if (bytes.isEmpty()) {
            return new Refused(changed(path));
        }
        Optional<String> text = utf8(bytes.get());
        if (text.isEmpty()) {
            return new Refused(shown + " is not UTF-8 text; plumb imports text files only"
                    + " (declare it with source: and a copy of the file)");
        }
        if (text.get().indexOf('\0') >= 0) {
            return new Refused(shown + " holds NUL bytes (a binary file?); plumb imports text files only"
                    + " (declare it with source: and a copy of the file)");
        }
        return new Ok(text.get());
    }

    /** The reason for a file that changed between its listing and its reading. */
    static String changed(String path) {
        return FileImport.shown(path) + " changed while plumb read it; run the import again";
    }

    /** {@code bytes} as UTF-8 text; empty when they are not. */
    static Optional<String> utf8(byte[] bytes) {
        try {
            return Optional.of(StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString());
        } catch (CharacterCodingException e) {
            return Optional.empty();
        }
    }
}

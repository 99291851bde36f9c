package dev.plumb.resource.file;

import dev.plumb.model.Valid;
import dev.plumb.model.Frozen;
import dev.plumb.model.Text;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What a declared file contains. Every variant can say its exact bytes as {@link #body()},
 * which is sensitive when any part of it came from a secret.
 */
public sealed interface FileContent permits FileContent.Inline, FileContent.Source, FileContent.Env {

    /** The whole file as written to the host. */
    Text body();

    /** {@code content:} given inline in the playbook, after interpolation. */
    record Inline(Text text) implements FileContent {
        public Inline {
            Objects.requireNonNull(text, "text");
        }

        @Override
        public Text body() {
            return text;
        }
    }

    /** {@code source:} a file beside the playbook, read verbatim (not interpolated) at load time. */
    record Source(Path path, Text text) implements FileContent {
        public Source {
            Objects.requireNonNull(path, "path");
            Objects.requireNonNull(text, "text");
        }

        @Override
        public Text body() {
            return text;
        }
    }

    /**
     * {@code env:} an environment file read alike by systemd's {@code EnvironmentFile=} and by
     * {@code sh}'s {@code .}: one {@code KEY=value} line per entry in declaration order. Keys
     * are shell names; values hold no newline or NUL.
     */
    record Env(Map<String, Text> vars) implements FileContent {
        private static final Pattern KEY = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
        private static final Pattern BARE = Pattern.compile("[A-Za-z0-9_@%+=:,./\\-]+");

        public Env {
            vars = Frozen.map(vars);
            vars.forEach((k, v) -> {
                Valid.require(checkKey(k).or(() -> checkValue(v.reveal())));
            });
        }

        public static Optional<String> checkKey(String key) {
            return KEY.matcher(key).matches() ? Optional.empty()
                    : Optional.of("'" + key + "' is not a valid environment variable name"
                            + " (letters, digits and '_', not starting with a digit)");
        }

        /** Never quotes the value: it may be a secret. */
        public static Optional<String> checkValue(String value) {
            return value.indexOf('\n') >= 0 || value.indexOf('\r') >= 0 || value.indexOf('\0') >= 0
                    ? Optional.of("an environment file value cannot contain a newline or NUL")
                    : Optional.empty();
        }

        /**
         * Values made only of {@code [A-Za-z0-9_@%+=:,./-]} are written bare, anything else in
         * double quotes with {@code " \ ` $} backslash-escaped: the one quoting that systemd and
         * POSIX sh both read back to the same string. The escaped secret characters stay secret.
         */
        @Override
        public Text body() {
            Text.Builder out = Text.builder();
            vars.forEach((k, v) -> out.append(k + "=").append(quote(v)).append("\n"));
            return out.build();
        }

        static Text quote(Text value) {
            if (BARE.matcher(value.reveal()).matches()) {
                return value;
            }
            return Text.builder().append("\"").append(value.map(v -> v.replaceAll("([\"\\\\`$])", "\\\\$1")))
                    .append("\"").build();
        }
    }
}

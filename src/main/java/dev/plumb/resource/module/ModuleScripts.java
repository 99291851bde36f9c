package dev.plumb.resource.module;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import dev.plumb.model.Text;
import dev.plumb.shell.Shell;
import dev.plumb.shell.ShellLib;

/**
 * The shell around a module's snippets, as pure text. A snippet's text is the module author's
 * and never holds a value: each runs as {@code timeout -k 5 T sh -c SNIPPET} after
 * {@link ShellLib#PRELUDE} (so under {@code set -e}, with {@code plumb_write} and the other
 * helpers) in a subshell that exports each non-secret parameter as {@code PLUMB_<KEY>}
 * (assigned from a {@link Shell#quote quoted} word, so no value reaches a command line), and
 * with the secret parameters on its stdin as {@code KEY BASE64} lines from a here-document.
 * The snippet's prelude reads stdin whole before the snippet runs; {@code plumb_secret KEY}
 * prints a secret's value (through a pipe: {@code plumb_secret token | cmd --password-stdin}).
 */
final class ModuleScripts {
    /** Read ahead of every snippet: stdin into a variable, and the secret accessor. */
    static final String SECRETS = """
            plumb_secrets=$(cat)
            plumb_secret() {
              printf '%s\\n' "$plumb_secrets" | sed -n "s/^$1 //p" | base64 -d
            }
            """;
    /** The most of a snippet's stderr (and, in apply, stdout) that a failure shows. */
    static final int TAIL_BYTES = 2000;
    private static final String END = "PLUMB_SECRETS";

    private ModuleScripts() {}

    /** A snippet as it runs: prelude, secret reader, then the author's text. */
    static String program(String snippet) {
        return ShellLib.PRELUDE + SECRETS + snippet + (snippet.endsWith("\n") ? "" : "\n");
    }

    /**
     * A subshell that runs the program held in shell variable {@code var} with {@code values}
     * as parameters; {@code label} is its {@code $0} (shown by {@code ps}).
     */
    static String invoke(ModuleDef def, Map<String, Text> values, String var, String label) {
        StringBuilder b = new StringBuilder("(\n");
        StringBuilder secrets = new StringBuilder();
        for (ModuleDef.KeySpec k : def.keys()) {
            Text v = values.get(k.name());
            if (v == null) {
                continue;
            }
            if (k.secret()) {
                secrets.append(k.name()).append(' ').append(Base64.getEncoder()
                        .encodeToString(v.reveal().getBytes(StandardCharsets.UTF_8))).append('\n');
            } else {
                b.append(k.variable()).append('=').append(Shell.quote(v.reveal())).append("; export ")
                        .append(k.variable()).append('\n');
            }
        }
        b.append("exec timeout -k 5 ").append(def.timeout().toSeconds()).append(" sh -c \"$").append(var)
                .append("\" ").append(Shell.quote(label)).append(" <<'").append(END).append("'\n")
                .append(secrets).append(END).append("\n)");
        return b.toString();
    }

    /**
     * The read fragment for {@code specs}: prints {@code N CMD} per missing command of
     * {@code needs} (and then reads nothing), else for object {@code i} a line
     * {@code O i BASE64-OUTPUT} (at most {@link ModuleValues#MAX_READ_BYTES} + 1 bytes) and a line
     * {@code X i EXIT BASE64-STDERR-TAIL}; {@code F why} when it cannot start.
     */
    static String probe(ModuleDef def, List<ModuleSpec> specs) {
        StringBuilder b = new StringBuilder();
        b.append("plumb_mn=\n");
        if (!def.needs().isEmpty()) {
            b.append("for plumb_c in");
            def.needs().forEach(c -> b.append(' ').append(Shell.quote(c)));
            b.append("; do command -v \"$plumb_c\" >/dev/null 2>&1 || plumb_mn=\"$plumb_mn $plumb_c\"; done\n");
        }
        b.append("if [ -n \"$plumb_mn\" ]; then for plumb_c in $plumb_mn; do printf 'N %s\\n' \"$plumb_c\"; done\n")
                .append("elif ! plumb_md=$(mktemp -d 2>/dev/null); then echo 'F cannot create a temporary directory'\n")
                .append("else\n")
                .append("plumb_mr=").append(Shell.quote(program(def.snippets().read()))).append('\n');
        for (int i = 0; i < specs.size(); i++) {
            ModuleSpec s = specs.get(i);
            b.append("{ ").append(invoke(def, s.values(), "plumb_mr", "plumb " + def.name() + " read"))
                    .append(" 2>\"$plumb_md/e\"; echo $? >\"$plumb_md/x\"; } | head -c ")
                    .append(ModuleValues.MAX_READ_BYTES + 1).append(" | base64 -w0 >\"$plumb_md/o\"\n")
                    .append("printf 'O ").append(i).append(" %s\\nX ").append(i)
                    .append(" %s %s\\n' \"$(cat \"$plumb_md/o\")\" \"$(cat \"$plumb_md/x\")\" \"$(tail -c ")
                    .append(TAIL_BYTES).append(" \"$plumb_md/e\" | base64 -w0)\"\n");
        }
        b.append("rm -rf -- \"$plumb_md\"\nfi\n");
        return b.toString();
    }

    /**
     * An apply step that runs {@code snippet} for {@code spec}: its output goes to a log, and
     * when it fails (or times out, exit 124) the step fails with the exit code and the log's
     * tail on stderr (which the engine masks).
     */
    static String step(ModuleDef def, ModuleSpec spec, String what, String snippet) {
        String label = def.name() + " " + spec.id() + ": " + what;
        return "plumb_ms=" + Shell.quote(program(snippet)) + "\n"
                + "plumb_md=$(mktemp -d)\n"
                + "plumb_rc=0\n"
                + invoke(def, spec.values(), "plumb_ms", "plumb " + def.name() + " " + what)
                + " >\"$plumb_md/log\" 2>&1 || plumb_rc=$?\n"
                + "if [ \"$plumb_rc\" != 0 ]; then\n"
                + "  if [ \"$plumb_rc\" = 124 ] || [ \"$plumb_rc\" = 137 ]; then\n"
                + "    printf '%s timed out after " + def.timeout().toSeconds() + " s\\n' " + Shell.quote(label) + " >&2\n"
                + "  else\n"
                + "    printf '%s exited %s\\n' " + Shell.quote(label) + " \"$plumb_rc\" >&2\n"
                + "  fi\n"
                + "  tail -c " + TAIL_BYTES + " \"$plumb_md/log\" | sed 's/^/    /' >&2\n"
                + "  rm -rf -- \"$plumb_md\"\n"
                + "  exit \"$plumb_rc\"\n"
                + "fi\n"
                + "rm -rf -- \"$plumb_md\"\n";
    }
}

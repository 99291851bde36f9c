package dev.plumb.engine;

import java.util.ArrayList;
import java.util.List;

/**
 * Joins the read-only probe fragments of a host's parts into its one read script, and splits the
 * script's output back into each fragment's lines. Each fragment's output is framed by a line
 * {@code @plumb-probe NONCE INDEX}; the nonce is fresh per run, so no output of a fragment (file
 * content is base64, but a module's probe may print anything) can forge a frame.
 */
final class Probes {
    private static final String FRAME = "@plumb-probe ";

    private Probes() {}

    /** One script that runs every fragment in order, each after its frame line. */
    static String script(List<String> fragments, String nonce) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < fragments.size(); i++) {
            if (fragments.get(i).isEmpty()) {
                continue;
            }
            b.append("printf '\\n").append(FRAME).append(nonce).append(' ').append(i).append("\\n'\n")
                    .append(fragments.get(i));
            if (!fragments.get(i).endsWith("\n")) {
                b.append('\n');
            }
        }
        return b.toString();
    }

    /** Each fragment's output lines, in fragment order; a fragment that printed nothing gets none. */
    static List<List<String>> split(String output, int count, String nonce) {
        List<List<String>> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            out.add(new ArrayList<>());
        }
        String frame = FRAME + nonce + ' ';
        List<String> current = null;
        for (String line : output.split("\n", -1)) {
            if (line.startsWith(frame)) {
                int index = parseIndex(line.substring(frame.length()));
                current = index >= 0 && index < count ? out.get(index) : null;
            } else if (current != null && !line.isEmpty()) {
                current.add(line);
            }
        }
        return out;
    }

    private static int parseIndex(String s) {
        try {
            return Integer.parseInt(s.strip());
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}

package dev.plumb.resource.systemd;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import dev.plumb.resource.ByName;
import dev.plumb.shell.Shell;

/**
 * The read-only fragment that asks systemd about many units in one {@code systemctl show}, and
 * its parser. systemd prints one block per unit, in argument order, separated by blank lines;
 * the fragment base64-encodes the whole answer into one {@code U} line.
 */
public final class UnitProbe {
    static final String PREFIX = "U\t";
    private static final String PROPS = "LoadState,ActiveState,SubState,UnitFileState,MainPID,NeedDaemonReload";

    private UnitProbe() {}

    public static String script(List<String> units) {
        if (units.isEmpty()) {
            return "";
        }
        String args = units.stream().map(Shell::quote).collect(Collectors.joining(" "));
        return "printf 'U\\t%s\\n' \"$(systemctl show --property=" + PROPS + " -- " + args
                + " 2>/dev/null | base64 -w0)\"\n";
    }

    /** Each unit's state from the lines of {@link #script}{@code (units)}, by unit name. */
    public static Map<String, UnitState> parse(List<String> lines, List<String> units) {
        return ByName.zip(units, parse(lines, units.size()));
    }

    /** One state per unit, in the order given to {@link #script}. */
    static List<UnitState> parse(List<String> lines, int count) {
        String text = lines.stream().filter(l -> l.startsWith(PREFIX)).findFirst()
                .map(l -> new String(Base64.getDecoder().decode(l.substring(PREFIX.length()).strip()),
                        StandardCharsets.UTF_8))
                .orElse("");
        List<UnitState> states = new ArrayList<>();
        for (String block : text.split("\n\n")) {
            if (block.isBlank()) {
                continue;
            }
            Map<String, String> p = new HashMap<>();
            block.lines().forEach(l -> {
                int eq = l.indexOf('=');
                if (eq > 0) {
                    p.put(l.substring(0, eq), l.substring(eq + 1));
                }
            });
            states.add(new UnitState(
                    p.getOrDefault("LoadState", "not-found"),
                    p.getOrDefault("ActiveState", "inactive"),
                    p.getOrDefault("SubState", ""),
                    p.getOrDefault("UnitFileState", ""),
                    parseLong(p.getOrDefault("MainPID", "0")),
                    "yes".equals(p.get("NeedDaemonReload"))));
        }
        while (states.size() < count) {
            states.add(UnitState.NOT_FOUND);
        }
        return states.subList(0, count);
    }

    private static long parseLong(String s) {
        try {
            return Long.parseLong(s.strip());
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}

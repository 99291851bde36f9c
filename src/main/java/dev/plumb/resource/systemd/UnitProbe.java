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
    static final String FILES_PREFIX = "V\t";
    private static final String PROPS = "LoadState,ActiveState,SubState,UnitFileState,MainPID,NeedDaemonReload";

    private UnitProbe() {}

    public static String script(List<String> units) {
        return show(PREFIX, PROPS, units);
    }

    /** One {@code systemctl show} of {@code properties} for {@code units}, as one base64 line after {@code prefix}. */
    private static String show(String prefix, String properties, List<String> units) {
        if (units.isEmpty()) {
            return "";
        }
        String args = units.stream().map(Shell::quote).collect(Collectors.joining(" "));
        return "printf '" + prefix.replace("\t", "\\t") + "%s\\n' \"$(systemctl show --property=" + properties
                + " -- " + args + " 2>/dev/null | base64 -w0)\"\n";
    }

    /** Each unit's state from the lines of {@link #script}{@code (units)}, by unit name. */
    public static Map<String, UnitState> parse(List<String> lines, List<String> units) {
        return ByName.zip(units, parse(lines, units.size()));
    }

    /** One state per unit, in the order given to {@link #script}. */
    static List<UnitState> parse(List<String> lines, int count) {
        List<UnitState> states = new ArrayList<>();
        for (Map<String, String> p : blocks(lines, PREFIX)) {
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

    /**
     * Where systemd found a unit: its unit file ({@code fragment}, empty when none was loaded)
     * and its drop-ins, paths separated by spaces as systemd prints them.
     */
    public record UnitFiles(String fragment, String dropIns) {
        public static final UnitFiles NONE = new UnitFiles("", "");
    }

    /** A fragment that reports where each of {@code units} is defined, for {@link #parseFiles}. */
    public static String filesScript(List<String> units) {
        return show(FILES_PREFIX, "FragmentPath,DropInPaths", units);
    }

    /** Each unit's files from the lines of {@link #filesScript}{@code (units)}, by unit name. */
    public static Map<String, UnitFiles> parseFiles(List<String> lines, List<String> units) {
        List<UnitFiles> out = new ArrayList<>();
        for (Map<String, String> p : blocks(lines, FILES_PREFIX)) {
            out.add(new UnitFiles(p.getOrDefault("FragmentPath", ""), p.getOrDefault("DropInPaths", "")));
        }
        while (out.size() < units.size()) {
            out.add(UnitFiles.NONE);
        }
        return ByName.zip(units, out.subList(0, units.size()));
    }

    /** The {@code KEY=value} blocks of the one line after {@code prefix}, in unit order. */
    private static List<Map<String, String>> blocks(List<String> lines, String prefix) {
        String text = lines.stream().filter(l -> l.startsWith(prefix)).findFirst()
                .map(l -> new String(Base64.getDecoder().decode(l.substring(prefix.length()).strip()),
                        StandardCharsets.UTF_8))
                .orElse("");
        List<Map<String, String>> out = new ArrayList<>();
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
            out.add(p);
        }
        return out;
    }

    private static long parseLong(String s) {
        try {
            return Long.parseLong(s.strip());
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}

package dev.plumb.resource.systemd;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.plumb.resource.Imported;
import dev.plumb.resource.file.FileState;
import dev.plumb.resource.file.ImportSecrets;
import dev.plumb.resource.file.LiveText;
import dev.plumb.resource.file.SecretScan;

/**
 * Pure: what the probe found for some services on one host, as the value of a {@code services:}
 * key: {@code {name, unit, enabled, state}} per service. {@code unit} is the text of the unit file
 * plumb manages ({@link ServicePlanner#unitPath}), with secrets as references and systemd's own
 * {@code ${VAR}} written {@code $${VAR}}; a unit that lives elsewhere (a package's, under
 * {@code /lib/systemd/system}) is imported without it, so plumb manages only its state. {@code
 * enabled} is written only for a unit that can be enabled or disabled (not a static one).
 */
final class ServiceImport {
    private final List<String> notes = new ArrayList<>();
    private final List<String> problems = new ArrayList<>();
    private final List<String> absent = new ArrayList<>();
    private final ImportSecrets secrets = new ImportSecrets();

    private ServiceImport() {}

    /** {@code units} are full names ({@code myapp.service}); the maps hold what the probe found for each. */
    static Imported build(String host, List<String> units, Map<String, FileState> unitFiles, Map<String, UnitState> states,
                          Map<String, UnitProbe.UnitFiles> where) {
        ServiceImport in = new ServiceImport();
        List<Object> items = new ArrayList<>();
        for (String unit : units) {
            in.service(host, unit, unitFiles.getOrDefault(ServicePlanner.unitPath(unit), new FileState.Absent()),
                    states.getOrDefault(unit, UnitState.NOT_FOUND), where.getOrDefault(unit, UnitProbe.UnitFiles.NONE))
                    .ifPresent(items::add);
        }
        return new Imported(items, in.secrets.secrets(), in.notes, in.problems, in.absent);
    }

    private Optional<Object> service(String host, String unit, FileState file, UnitState state, UnitProbe.UnitFiles where) {
        String path = ServicePlanner.unitPath(unit);
        if (file instanceof FileState.Absent && !state.exists()) {
            absent.add(unit);
            return Optional.empty();
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", unit.substring(0, unit.length() - ServiceSpec.SUFFIX.length()));
        if (file instanceof FileState.Regular r) {
            Optional<String> text = text(path, r);
            if (text.isEmpty()) {
                return Optional.empty();
            }
            m.put("unit", secrets.write(path, text.get(), SecretScan.secretMode(r.mode())
                    ? SecretScan.whole(text.get()) : SecretScan.content(text.get())));
        } else if (file instanceof FileState.Other) {
            notes.add(unit + ": " + path + " is " + ("masked".equals(state.loadState()) ? "masked" : "a symbolic link")
                    + "; imported its enabled and state only, not its unit text");
        } else {
            notes.add(unit + " is defined outside /etc/systemd/system" + (where.fragment().isEmpty() ? ""
                    : " (" + where.fragment() + ", from a package?)") + "; imported its enabled and state only");
        }
        if (!where.dropIns().isBlank()) {
            notes.add(unit + " has drop-ins that are not imported (plumb does not manage them): " + where.dropIns());
        }
        switch (state.unitFileState()) {
            case "enabled", "enabled-runtime" -> m.put("enabled", true);
            case "disabled" -> m.put("enabled", false);
            default -> notes.add(unit + " is " + (state.unitFileState().isEmpty() ? "not installed"
                    : state.unitFileState()) + ": enabled is not imported");
        }
        m.put("state", state.running() ? ServicePresence.RUNNING.name().toLowerCase(java.util.Locale.ROOT)
                : ServicePresence.STOPPED.name().toLowerCase(java.util.Locale.ROOT));
        return Optional.of(m);
    }

    /** The unit file's text; empty, with a problem, when it changed while read or is not text. */
    private Optional<String> text(String path, FileState.Regular r) {
        LiveText live = LiveText.of(path, r);
        if (live instanceof LiveText.Refused refused) {
            problems.add(refused.reason());
            return Optional.empty();
        }
        return Optional.of(((LiveText.Ok) live).text());
    }
}

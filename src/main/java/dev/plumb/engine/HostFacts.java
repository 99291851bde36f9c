package dev.plumb.engine;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.plumb.resource.file.FileFacts;
import dev.plumb.resource.file.FileSpec;
import dev.plumb.resource.file.FileState;
import dev.plumb.resource.systemd.ServicePlanner;
import dev.plumb.resource.systemd.ServiceSpec;
import dev.plumb.resource.systemd.UnitFacts;
import dev.plumb.resource.systemd.UnitState;
import dev.plumb.transport.ssh.ExecResult;
import dev.plumb.transport.ssh.SshSession;
import dev.plumb.transport.ssh.TransportException;

/**
 * Everything plumb knows about one host's files and units, read in one round trip by one
 * generated read-only script.
 *
 * @param files     state of each declared file, in declaration order
 * @param unitFiles state of each service's managed unit file, in declaration order
 * @param units     systemd's view of each service, in declaration order
 * @param pending   restarts recorded by an earlier run that did not finish them
 * @param exclusive for each directory whose files are exclusive, the regular files in it
 */
record HostFacts(List<FileState> files, List<FileState> unitFiles, List<UnitState> units, Set<String> pending,
                 Map<String, List<String>> exclusive) {

    static final String PENDING_FILE = "/var/lib/plumb/pending-restarts";
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    static HostFacts read(SshSession session, HostInput in) throws TransportException {
        List<String> paths = new ArrayList<>();
        in.files().forEach(f -> paths.add(f.path()));
        in.services().forEach(s -> paths.add(ServicePlanner.unitPath(s.name())));
        List<String> units = in.services().stream().map(ServiceSpec::name).toList();
        List<String> dirs = exclusiveDirectories(in);
        String script = FileFacts.script(paths) + UnitFacts.script(units) + FileFacts.listing(dirs)
                + "printf 'P\\t%s\\n' \"$(cat " + PENDING_FILE + " 2>/dev/null | base64 -w0)\"\n";
        ExecResult r = session.run(script, TIMEOUT);
        if (!r.ok()) {
            throw new TransportException(in.host(), session.target().describe() + ": reading facts failed (exit "
                    + r.exitCode() + "): " + r.stderr().strip().lines().reduce((a, b) -> b).orElse(""));
        }
        List<String> lines = r.out().lines().toList();
        List<FileState> all = FileFacts.parse(lines, paths.size());
        int n = in.files().size();
        Set<String> pending = new LinkedHashSet<>();
        lines.stream().filter(l -> l.startsWith("P\t")).findFirst().ifPresent(l -> new String(
                Base64.getDecoder().decode(l.substring(2).strip()), StandardCharsets.UTF_8)
                .lines().map(String::strip).filter(s -> !s.isEmpty()).forEach(pending::add));
        Map<String, List<String>> listed = new LinkedHashMap<>();
        List<List<String>> names = FileFacts.parseListing(lines, dirs.size());
        for (int i = 0; i < dirs.size(); i++) {
            listed.put(dirs.get(i), names.get(i));
        }
        return new HostFacts(all.subList(0, n), all.subList(n, all.size()), UnitFacts.parse(lines, units.size()),
                pending, listed);
    }

    /** The directories of files declared with {@code exclusive: true}, each once. */
    static List<String> exclusiveDirectories(HostInput in) {
        return in.files().stream().filter(FileSpec::exclusiveDirectory).map(FileSpec::directory).distinct().toList();
    }
}

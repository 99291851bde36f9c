package dev.plumb.resource.systemd;

import java.util.List;
import java.util.Optional;

import dev.plumb.model.Resource;
import dev.plumb.resource.HostRun;
import dev.plumb.resource.ImportOptions;
import dev.plumb.resource.ImportPart;
import dev.plumb.resource.Imported;
import dev.plumb.resource.Importer;
import dev.plumb.resource.file.FileProbe;

/**
 * {@code services:NAME}: one service's unit text, enablement and running state, read in the
 * host's one probe round trip by the probes the plan uses ({@link FileProbe} for the unit file,
 * {@link UnitProbe} for systemd's view) and written by {@link ServiceImport}.
 */
final class ServiceImporter implements Importer {
    @Override
    public Optional<String> checkScope(String scope) {
        if (scope.isEmpty()) {
            return Optional.of("services needs a service to import, such as services:myapp");
        }
        return ServiceSpec.checkName(scope).map(why -> ("services:" + scope + ": " + why).replaceAll("\\p{Cntrl}", "?"));
    }

    @Override
    public Optional<String> scopeOf(Resource resource) {
        return resource instanceof ServiceSpec s ? Optional.of(s.name()) : Optional.empty();
    }

    @Override
    public ImportPart open(HostRun run, List<String> scopes, ImportOptions options) {
        List<String> units = scopes.stream().map(ServiceSpec::unitName).distinct().toList();
        List<String> paths = units.stream().map(ServicePlanner::unitPath).toList();
        return new ImportPart() {
            @Override
            public String probe() {
                return FileProbe.script(paths) + UnitProbe.script(units) + UnitProbe.filesScript(units);
            }

            @Override
            public Imported read(List<String> probed) {
                Imported in = ServiceImport.build(run.host(), units, FileProbe.parse(probed, paths),
                        UnitProbe.parse(probed, units), UnitProbe.parseFiles(probed, units));
                // Absent units are told as the scopes that asked for them.
                List<String> absent = scopes.stream().filter(s -> in.absent().contains(ServiceSpec.unitName(s))).toList();
                return new Imported(in.value(), in.secrets(), in.notes(), in.problems(), absent);
            }
        };
    }
}

package dev.plumb.resource.postgres;

import java.util.List;
import java.util.Optional;

import dev.plumb.model.Resource;
import dev.plumb.resource.HostRun;
import dev.plumb.resource.ImportOptions;
import dev.plumb.resource.ImportPart;
import dev.plumb.resource.Imported;
import dev.plumb.resource.Importer;
import dev.plumb.resource.KindException;

/**
 * {@code postgres}' way back: the whole server of a host (the only scope is {@code ""}), read as
 * {@code postgres} over the local socket in the host's probe round trip ({@link ImportProbe}), so
 * no admin password is needed, and written as a {@code postgres:} value ({@link ImportedServer}).
 */
final class PgImporter implements Importer {
    @Override
    public Optional<String> checkScope(String scope) {
        return scope.isEmpty() ? Optional.empty()
                : Optional.of("postgres imports the whole server: write --kinds postgres, without ':" + scope + "'");
    }

    /** Every PostgreSQL object and the admin connection come back with the whole server. */
    @Override
    public Optional<String> scopeOf(Resource resource) {
        return resource instanceof PostgresResource || resource instanceof ServerSpec ? Optional.of("")
                : Optional.empty();
    }

    @Override
    public ImportPart open(HostRun run, List<String> scopes, ImportOptions options) throws KindException {
        for (String scope : scopes) {
            Optional<String> why = checkScope(scope);
            if (why.isPresent()) {
                throw new KindException(why.get(), null);
            }
        }
        return new ImportPart() {
            @Override
            public String probe() {
                return ImportProbe.fragment();
            }

            @Override
            public Imported read(List<String> probed) throws KindException {
                if (probed.equals(List.of(ImportProbe.ABSENT))) {
                    return Imported.absent(List.of(""));
                }
                ImportProbe.Live live;
                try {
                    live = ImportProbe.parse(probed);
                } catch (RuntimeException e) {
                    throw new KindException(Optional.empty(), run.host() + ": postgres: "
                            + run.redactor().redact(e.getMessage()), e);
                }
                return ImportedServer.of(live, options);
            }
        };
    }
}

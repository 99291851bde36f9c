package dev.plumb.resource.file;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import dev.plumb.model.Resource;
import dev.plumb.resource.HostRun;
import dev.plumb.resource.ImportOptions;
import dev.plumb.resource.ImportPart;
import dev.plumb.resource.Imported;
import dev.plumb.resource.Importer;

/**
 * {@code files:SCOPE}: the regular files under a directory (or one regular file), read in the
 * host's one probe round trip by {@link DirectoryProbe} and written by {@link FileImport}.
 */
final class FileImporter implements Importer {
    @Override
    public Optional<String> checkScope(String scope) {
        if (scope.isEmpty()) {
            return Optional.of("files needs a directory to import, such as files:/etc/flask");
        }
        if (scope.codePoints().anyMatch(Character::isISOControl)) {
            return Optional.of("files:" + FileImport.shown(scope) + ": a path cannot hold control characters");
        }
        if (!scope.startsWith("/")) {
            return Optional.of("files:" + scope + ": the directory must be an absolute path, such as /etc/flask");
        }
        String path = normalised(scope);
        if (path.equals("/")) {
            return Optional.of("files:/ would import the whole host; name a directory such as /etc/flask");
        }
        return FileSpec.checkPath(path).map(why -> "files:" + scope
                + ": the directory must be an absolute, normalised path (no '//', '.' or '..')");
    }

    /** A declared file reads back as itself: a single-file scope. */
    @Override
    public Optional<String> scopeOf(Resource resource) {
        return resource instanceof FileSpec f ? Optional.of(f.path()) : Optional.empty();
    }

    @Override
    public ImportPart open(HostRun run, List<String> scopes, ImportOptions options) {
        List<String> paths = scopes.stream().map(FileImporter::normalised).distinct().toList();
        return new ImportPart() {
            @Override
            public String probe() {
                return DirectoryProbe.script(paths);
            }

            @Override
            public Imported read(List<String> probed) {
                List<DirectoryProbe.Scan> scans = new ArrayList<>();
                List<String> silent = new ArrayList<>();
                List<Optional<DirectoryProbe.Scan>> found = DirectoryProbe.parse(probed, paths);
                for (int i = 0; i < paths.size(); i++) {
                    found.get(i).ifPresentOrElse(scans::add, () -> silent.add(""));
                }
                Imported imported = FileImport.build(scans, options.exclusive());
                if (silent.isEmpty()) {
                    return imported;
                }
                List<String> problems = new ArrayList<>(imported.problems());
                problems.add("the host did not answer the probe of " + String.join(", ", paths));
                return new Imported(imported.value(), imported.secrets(), imported.notes(), problems,
                        imported.absent());
            }
        };
    }

    /** {@code /etc/flask/} is {@code /etc/flask}. */
    private static String normalised(String scope) {
        return scope.length() > 1 && scope.endsWith("/") ? scope.substring(0, scope.length() - 1) : scope;
    }
}

package dev.plumb.resource.file;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import dev.plumb.config.HostKinds;
import dev.plumb.config.KindReader;
import dev.plumb.model.Diagnostic;
import dev.plumb.model.Presence;
import dev.plumb.model.Redactor;
import dev.plumb.model.Resource;
import dev.plumb.model.ResourceAddress;
import dev.plumb.plan.Action;
import dev.plumb.plan.Change;
import dev.plumb.resource.HostRun;
import dev.plumb.resource.Importer;
import dev.plumb.resource.Kind;
import dev.plumb.resource.Part;
import dev.plumb.resource.Phase;
import dev.plumb.resource.PlanContext;
import dev.plumb.resource.Planned;
import dev.plumb.resource.Step;
import dev.plumb.shell.ShellLib;

/**
 * {@code files:}: regular files with owner, group, mode and content, written atomically. Probe:
 * one {@code stat}, hash and (small files) content per path, and a listing of each exclusive
 * directory. Steps: one {@code plumb_write} or {@code plumb_remove} per changed file, in {@link Phase#FILES}.
 */
public final class FileKind implements Kind {
    @Override
    public String key() {
        return "files";
    }

    @Override
    public KindReader reader() {
        return HostKinds::files;
    }

    @Override
    public boolean owns(Resource resource) {
        return resource instanceof FileSpec;
    }

    @Override
    public Optional<Importer> importer() {
        return Optional.of(new FileImporter());
    }

    @Override
    public Part open(HostRun run, List<Resource> resources) {
        return new FilePart(resources.stream().map(FileSpec.class::cast).toList(), run.redactor());
    }

    /** The files of one host. */
    static final class FilePart implements Part {
        private final List<FileSpec> specs;
        private final List<String> paths;
        private final List<String> dirs;
        private final Redactor redactor;

        FilePart(List<FileSpec> specs, Redactor redactor) {
            this.specs = specs;
            this.paths = specs.stream().map(FileSpec::path).toList();
            this.dirs = specs.stream().filter(FileSpec::exclusiveDirectory).map(FileSpec::directory).distinct()
                    .toList();
            this.redactor = redactor;
        }

        @Override
        public String probe() {
            return FileProbe.script(paths) + FileProbe.listing(dirs);
        }

        @Override
        public Planned plan(List<String> probed, PlanContext context) {
            Map<String, FileState> live = FileProbe.parse(probed, paths);
            Map<String, List<String>> listed = FileProbe.parseListing(probed, dirs);
            List<Change> changes = new ArrayList<>();
            List<Step> steps = new ArrayList<>();
            List<Diagnostic> problems = new ArrayList<>();
            for (FileSpec spec : specs) {
                FileState actual = live.get(spec.path());
                if (actual instanceof FileState.Other) {
                    problems.add(Diagnostic.of(spec.address(), spec.path()
                            + " is not a regular file, or is reached through a symbolic link plumb does not follow;"
                            + " plumb will not replace it"));
                    continue;
                }
                Optional<Change> c = FilePlanner.diff(spec, actual, redactor);
                if (c.isEmpty()) {
                    continue;
                }
                changes.add(c.get());
                steps.add(spec.state() == Presence.ABSENT ? delete(spec.address(), spec.path())
                        : new Step.Script(Phase.FILES, Optional.of(spec.address()), "write " + spec.path(),
                                ShellLib.write(spec.path(), spec.owner(), spec.group(), spec.mode(),
                                        spec.content().orElseThrow().body())));
            }
            // Files in an exclusive directory that no declared file names: removed.
            Set<String> declared = new LinkedHashSet<>(paths);
            for (var dir : listed.entrySet()) {
                for (String name : dir.getValue()) {
                    String path = (dir.getKey().equals("/") ? "" : dir.getKey()) + "/" + name;
                    if (declared.contains(path) || name.startsWith(".plumb.")) {
                        continue;
                    }
                    ResourceAddress address = new ResourceAddress(context.host(), FileSpec.KIND, path);
                    changes.add(Change.of(address, Action.DELETE, List.of())
                            .withReason("not declared, and the files of " + dir.getKey() + " are exclusive"));
                    steps.add(delete(address, path));
                }
            }
            return new Planned(changes, steps, problems, List.of());
        }

        private static Step delete(ResourceAddress address, String path) {
            return new Step.Script(Phase.FILES, Optional.of(address), "remove " + path, ShellLib.remove(path));
        }
    }
}

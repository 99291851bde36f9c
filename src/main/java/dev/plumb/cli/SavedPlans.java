package dev.plumb.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.plumb.inventory.Shard;
import dev.plumb.config.Desired;
import dev.plumb.engine.HostInput;
import dev.plumb.io.LocalFile;
import dev.plumb.model.Keyed;
import dev.plumb.model.SourceFile;
import dev.plumb.plan.GitState;
import dev.plumb.plan.Plan;
import dev.plumb.plan.SavedPlan;

/** Writing a plan for later, and checking one before it is applied. */
final class SavedPlans {
    private SavedPlans() {}

    /**
     * Why a plan cannot be saved to {@code file}, checked before any host is contacted: its
     * directory is missing or not a directory, or {@code file} is a directory.
     */
    static Optional<String> unwritable(Path file) {
        Path base = dir(file);
        if (!Files.isDirectory(base)) {
            return Optional.of("cannot save the plan to " + file + ": the directory " + base
                    + (Files.exists(base) ? " is not a directory" : " does not exist"));
        }
        return Files.isDirectory(file) ? Optional.of("cannot save the plan to " + file + ": it is a directory")
                : Optional.empty();
    }

    /**
     * Writes {@code plan} to {@code file}, with every path relative to the file's directory.
     *
     * @throws IOException whose message says in plain words why it could not be saved
     */
    static void write(Path file, Run run, Inputs in, Plan plan, Optional<GitState> git) throws IOException {
        Path base = dir(file);
        SavedPlan saved = new SavedPlan(Version.current(), rel(base, in.playbook), rel(base, in.inventory), in.limit,
                in.shard.count() == 1 ? Optional.empty() : Optional.of(in.shard.toString()),
                git, sources(base, run), run.desired.redactor().secretsFingerprint(run.key),
                targets(run.hosts), SavedPlan.fingerprints(run.key, plan), plan);
        try {
            LocalFile.writeAtomically(file, saved.toJson(run.key).getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IOException(unwritable(file).orElse("cannot save the plan to " + file + ": " + LocalFile.why(e)), e);
        }
    }

    /**
     * The saved plan in {@code file}, when it is one, its signature checked under {@code key}: no
     * more than {@link SavedPlan#MAX_BYTES} bytes are read, and nothing the plan names.
     *
     * @throws IllegalArgumentException why a file that looks like a saved plan is not a sound one
     */
    static Optional<SavedPlan> read(Path file, Keyed key) throws IOException {
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        byte[] bytes;
        try (InputStream in = Files.newInputStream(file)) {
            bytes = in.readNBytes((int) SavedPlan.MAX_BYTES + 1);
        }
        if (!SavedPlan.looksLikeOne(new String(bytes, StandardCharsets.UTF_8))) {
            return Optional.empty();
        }
        if (bytes.length > SavedPlan.MAX_BYTES) {
            throw new IllegalArgumentException("larger than " + (SavedPlan.MAX_BYTES >> 20)
                    + " MiB: not a saved plan plumb wrote");
        }
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException("not UTF-8 text: not a saved plan plumb wrote");
        }
        return Optional.of(SavedPlan.fromJson(text, key));
    }

    /** Points {@code in} at the playbook, inventory, limit and shard the plan in {@code file} was made from. */
    static void retarget(Inputs in, Path file, SavedPlan saved) {
        Path base = dir(file);
        in.playbook = base.resolve(saved.playbook()).normalize();
        in.inventory = base.resolve(saved.inventory()).normalize();
        in.limit = saved.limit();
        in.shard = saved.shard().map(ShardOption::parse).orElse(Shard.all());
        in.rev = saved.git().filter(GitState::fromCommit).map(GitState::commit);
    }

    /**
     * Why the saved plan can no longer be applied as it is, before any host is contacted: another
     * plumb version, changed desired-state files, a changed secret, a host now reached at another
     * address, port or user (or selected differently). Empty when none of these.
     */
    static List<String> staleInputs(Path file, SavedPlan saved, Run run) {
        List<String> out = new ArrayList<>();
        saved.git().filter(g -> !g.dirty().isEmpty() && !g.allowDirty()).ifPresent(g -> out.add(
                "it was made from a dirty work tree (" + String.join(", ", g.dirty()) + "); commit the files and"
                        + " plan again, or make the plan with --allow-dirty"));
        if (!saved.plumbVersion().equals(Version.current())) {
            out.add("it was made by plumb " + saved.plumbVersion() + ", this is plumb " + Version.current());
        }
        Map<String, String> now = sources(dir(file), run);
        saved.sources().forEach((path, sha) -> {
            String current = now.get(path);
            if (current == null) {
                out.add(path + " is no longer part of the desired state");
            } else if (!current.equals(sha)) {
                out.add(path + " changed since the plan was made");
            }
        });
        now.keySet().stream().filter(p -> !saved.sources().containsKey(p))
                .forEach(p -> out.add(p + " is new in the desired state"));
        if (!saved.secrets().equals(run.desired.redactor().secretsFingerprint(run.key))) {
            out.add("a secret's value changed since the plan was made");
        }
        out.addAll(saved.movedTargets(targets(run.hosts)));
        return out;
    }

    static void refuse(PrintWriter err, Path file, List<String> reasons) {
        err.println("error: " + file + " is stale; nothing was changed:");
        reasons.forEach(r -> err.println("  - " + r));
        err.println("  hint: run plumb plan again, review it, and apply the new plan");
        err.flush();
    }

    /** Host → how it is reached, for every host of the run. */
    private static Map<String, SavedPlan.Target> targets(List<HostInput> hosts) {
        Map<String, SavedPlan.Target> out = new LinkedHashMap<>();
        hosts.forEach(h -> out.put(h.host(), new SavedPlan.Target(h.target().user(), h.target().address(),
                h.target().port())));
        return out;
    }

    /** Every file the run's desired state was read from: the playbook's and the module files. */
    private static Map<String, String> sources(Path base, Run run) {
        Map<String, String> out = new LinkedHashMap<>();
        for (SourceFile s : run.desired.sources()) {
            out.put(rel(base, s.path()), s.sha256());
        }
        run.kinds.all().stream().flatMap(k -> k.sources().stream()).forEach(s -> out.put(rel(base, s.path()), s.sha256()));
        return out;
    }

    private static Path dir(Path file) {
        Path parent = file.toAbsolutePath().normalize().getParent();
        return parent == null ? Path.of("/") : parent;
    }

    private static String rel(Path base, Path p) {
        return base.relativize(p.toAbsolutePath().normalize()).toString();
    }
}

package dev.plumb.config;

import dev.plumb.inventory.Inventory;
import dev.plumb.model.Redactor;
import dev.plumb.model.SourceFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * A playbook resolved against an inventory: per host (in inventory order, only hosts some play
 * selects) every resource with its values interpolated. {@code redactor} masks every secret
 * value; pass all output through it. {@code sources} are the files read (inventory, playbook,
 * source and unit files, migrations; never secret files) with their hashes.
 */
public record Desired(Path playbook, Inventory inventory, List<Play> plays, List<HostDesired> hosts,
                      Redactor redactor, List<SourceFile> sources) {
    public Desired {
        Objects.requireNonNull(playbook, "playbook");
        Objects.requireNonNull(inventory, "inventory");
        plays = List.copyOf(plays);
        hosts = List.copyOf(hosts);
        Objects.requireNonNull(redactor, "redactor");
        sources = List.copyOf(sources);
    }

    public Optional<HostDesired> host(String name) {
        return hosts.stream().filter(h -> h.host().name().equals(name)).findFirst();
    }

    /** SHA-256 over every source's path and hash: changes when any input file changes. */
    public String fingerprint() {
        String lines = sources.stream().map(s -> s.path() + " " + s.sha256() + "\n").collect(Collectors.joining());
        return SourceFile.sha256(lines.getBytes(StandardCharsets.UTF_8));
    }
}

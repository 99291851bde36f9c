package dev.plumb.engine;

import java.util.List;

import dev.plumb.resource.file.FileSpec;
import dev.plumb.resource.systemd.ServiceSpec;
import dev.plumb.transport.ssh.SshTarget;

/** One host's desired files and services, and how to reach it. */
public record HostInput(String host, SshTarget target, List<FileSpec> files, List<ServiceSpec> services) {
    public HostInput {
        files = List.copyOf(files);
        services = List.copyOf(services);
    }

    public boolean isEmpty() {
        return files.isEmpty() && services.isEmpty();
    }
}

package dev.plumb.resource.module;

import java.nio.file.Path;
import java.util.List;

import dev.plumb.cli.Workspace;
import dev.plumb.lab.Lab;
import dev.plumb.lab.LabHost;

/** A workspace on one lab host with the project's shipped modules in {@code modules/} beside the playbook. */
final class ModuleLab {
    private ModuleLab() {}

    static Workspace workspace(Lab lab, LabHost host, Path dir) {
        Workspace ws = new Workspace(lab, dir);
        ws.inventory(List.of(host), "root", "none", lab.knownHosts());
        ws.copy(Path.of("modules"), "modules");
        return ws;
    }
}

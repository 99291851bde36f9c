package dev.plumb.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import dev.plumb.inventory.Shard;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** The desired-state inputs shared by validate, plan, apply and drift. */
final class Inputs {
    @Parameters(index = "0", paramLabel = "PLAYBOOK",
            description = "Desired-state file (playbooks/*.yml).")
    Path playbook;

    @Option(names = {"-i", "--inventory"}, paramLabel = "INVENTORY",
            description = "Inventory file: hosts, groups, SSH settings and vars (required).")
    Path inventory;

    @Option(names = "--limit", paramLabel = "PATTERN",
            description = "Only these hosts: a host, a group, or a pattern such as 'web:!web2' or 'web:&eu'.")
    Optional<String> limit = Optional.empty();

    @Option(names = "--shard", paramLabel = "I/N", converter = ShardOption.class,
            description = {"Only shard I of N (numbered from 1: 1/4 to 4/4) of the selected hosts, so N runs,"
                    + " such as a CI matrix's jobs, cover every host once between them. A host's shard depends"
                    + " only on its inventory name and N (rendezvous hashing): adding or removing a host moves"
                    + " no other. To validate, plan or apply, plays linked by after:, and a play with serial:,"
                    + " must have all their hosts in one shard. From a 0-based index:"
                    + " --shard $$((JOB_COMPLETION_INDEX + 1))/N."})
    Shard shard = Shard.all();

    @Option(names = "--rev", paramLabel = "REV",
            description = {"Read the playbook, the inventory and every file they name (sources, unit files,"
                    + " migrations) from git commit REV (a branch, a tag, an id, HEAD~2) instead of the work tree."
                    + " Nothing is checked out, and a bare repository works: run plumb in it. PLAYBOOK and -i are"
                    + " paths of that commit. Secret files, SSH keys and known_hosts still come from this machine."})
    Optional<String> rev = Optional.empty();

    @Option(names = "--modules", paramLabel = "DIR",
            description = {"Also load the module files (*.yml) in DIR: user-defined resource kinds. Repeatable."
                    + " modules/ beside the playbook, or in the directory above it, is always loaded."})
    List<Path> modules = new ArrayList<>();
}

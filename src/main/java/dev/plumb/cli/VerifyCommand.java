package dev.plumb.cli;

import java.io.PrintWriter;

import dev.plumb.check.Verification;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** Runs the checks the plays declare, read-only, and explains every failure. */
@Command(name = "verify", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
            "Prove the deployment works end to end, and explain what does not. Read-only.",
            "",
            "Each play declares its checks under 'checks:'; what a check leaves out is taken from",
            "the play's own resources (its env file's DATABASE_URL, its one service):",
            "",
            "  checks:",
            "    - {kind: postgres_login}                 # the app role logs in over TCP, from this",
            "                                             # host to the address in DATABASE_URL",
            "    - {kind: service_env}                    # the running service holds the env file's",
            "                                             # values (secrets compared by hash on the host)",
            "    - {kind: http, url: \"http://127.0.0.1:8000/health\", json_field: user, json_value: flaskapp}",
            "    - {kind: listening, port: 8000, addresses: [127.0.0.1], only: true}",
            "    - {kind: unit_healthy}                   # active, <= max_restarts (3) in",
            "                                             # window_minutes (10), no journal_pattern",
            "                                             # (Traceback|Error|FATAL) since it started",
            "    - {kind: migrations_applied}             # on the play that declares migrations:",
            "",
            "Every host's checks run side by side in one SSH round trip. A failure gets a likely",
            "cause and a next step, from what plumb reads itself: the role's stored password",
            "against the declared one, the pg_hba.conf line that decides the login, listen_addresses",
            "and ss, pending migrations, EnvironmentFile= and the env file's time against the",
            "service's start, the last journal lines. No secret is printed or put on a command line.",
            "",
            "Exits 0 when every check passes, 1 otherwise.",
        })
final class VerifyCommand extends RunCommand {
    /** Reads only: no order of the plays to keep, so --shard may split it. */
    @Override
    boolean ordered() {
        return false;
    }

    @Mixin
    OutputFormat format;

    @Override
    int execute(Run run, PrintWriter stdout, PrintWriter err) {
        Verification v = Verifying.run(run, options, main, err);
        stdout.print(Verifying.render(v, format.format()));
        return v.ok() ? ExitCode.OK : ExitCode.ERROR;
    }
}

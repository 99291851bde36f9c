package dev.plumb.cli;

import java.io.PrintWriter;
import java.util.Map;

import dev.plumb.engine.Engine;
import dev.plumb.resource.Kinds;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point: {@code plumb COMMAND ...}. */
@Command(
        name = "plumb",
        mixinStandardHelpOptions = true,
        versionProvider = Version.class,
        sortOptions = false,
        description = {
            "Bring hosts and PostgreSQL databases into line with desired state committed to git.",
            "",
            "plumb reads live state over SSH and JDBC, shows the exact difference as a plan,",
            "and applies only the changes needed. Running it twice changes nothing the second time.",
        },
        commandListHeading = "%nCommands:%n",
        subcommands = {
            ValidateCommand.class,
            HostsCommand.class,
            PlanCommand.class,
            ApplyCommand.class,
            ImportCommand.class,
            DriftCommand.class,
            VerifyCommand.class,
            HistoryCommand.class,
            StatusCommand.class,
            ModulesCommand.class,
            CompletionCommand.class,
            CommandLine.HelpCommand.class,
        },
        footerHeading = "%nExit codes:%n",
        footer = {
            "  0  nothing to do (or apply succeeded)",
            "  1  error: bad input, unreachable host, failed change",
            "  2  changes present (plan, drift)",
            "",
            "Typical use:",
            "  plumb validate playbooks/flaskapp.yml -i inventory/production.yml",
            "  plumb plan     playbooks/flaskapp.yml -i inventory/production.yml -o plan.json",
            "  plumb apply    plan.json",
            "  plumb drift    playbooks/flaskapp.yml -i inventory/production.yml",
            "  plumb verify   playbooks/flaskapp.yml -i inventory/production.yml",
        })
public final class Main implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    private final Map<String, String> env;
    private final Engine.Hooks hooks;
    private final Kinds kinds;

    private Main(Map<String, String> env, Engine.Hooks hooks, Kinds kinds) {
        this.env = Map.copyOf(env);
        this.hooks = hooks;
        this.kinds = kinds;
    }

    /** The resource kinds this plumb knows; {@link Kinds#builtIn()} outside tests. */
    Kinds kinds() {
        return kinds;
    }

    /** Test seams passed to the engine; {@link Engine.Hooks#NONE} outside tests. */
    Engine.Hooks hooks() {
        return hooks;
    }

    /** The environment secrets are read from. */
    Map<String, String> env() {
        return env;
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Builds the command line with plumb's error handling, for {@link #main} and for tests. */
    public static CommandLine commandLine() {
        return commandLine(System.getenv());
    }

    /** As {@link #commandLine()}, reading secrets from {@code env} instead of the process environment. */
    public static CommandLine commandLine(Map<String, String> env) {
        return commandLine(env, Engine.Hooks.NONE);
    }

    /** As {@link #commandLine(Map)}, with engine hooks that tests use to inject faults. */
    public static CommandLine commandLine(Map<String, String> env, Engine.Hooks hooks) {
        return commandLine(env, hooks, Kinds.builtIn());
    }

    /** As {@link #commandLine(Map, Engine.Hooks)}, with the resource kinds {@code kinds}. */
    public static CommandLine commandLine(Map<String, String> env, Engine.Hooks hooks, Kinds kinds) {
        CommandLine cl = new CommandLine(new Main(env, hooks, kinds));
        cl.setUsageHelpWidth(100);
        cl.setExecutionExceptionHandler((ex, cmd, parsed) -> {
            PrintWriter err = Output.printable(cmd.getErr());
            err.println("error: " + oneLine(ex));
            err.println("  (this is a bug in plumb if the message above does not explain it; rerun with"
                    + " PLUMB_DEBUG=1 for details)");
            if (System.getenv("PLUMB_DEBUG") != null) {
                ex.printStackTrace(err);
            }
            err.flush();
            return ExitCode.ERROR;
        });
        cl.setParameterExceptionHandler((ex, args) -> {
            CommandLine cmd = ex.getCommandLine();
            PrintWriter err = Output.printable(cmd.getErr());
            err.println("error: " + ex.getMessage());
            CommandLine.UnmatchedArgumentException.printSuggestions(ex, err);
            err.println("Try '" + cmd.getCommandSpec().qualifiedName() + " --help' for usage.");
            err.flush();
            return ExitCode.ERROR;
        });
        return cl;
    }

    private static String oneLine(Throwable ex) {
        String msg = ex.getMessage() == null ? ex.getClass().getSimpleName() : ex.getMessage();
        return msg.lines().findFirst().orElse(msg);
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }
}

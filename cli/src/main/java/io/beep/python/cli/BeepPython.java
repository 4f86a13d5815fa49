package io.beep.python.cli;

import io.beep.python.PythonException;
import io.beep.python.Secrets;

import com.fasterxml.jackson.databind.node.ObjectNode;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.function.Supplier;

/**
 * The {@code beep-python} command: the extension's core (registry, provisioner, venvs, profiles,
 * installers, bootstrap) for people at a terminal and for scripts, in plain Java, without Quarkus.
 */
@Command(name = "beep-python", mixinStandardHelpOptions = true, versionProvider = BeepPython.Version.class,
        description = "Python interpreters, virtual environments and package profiles, as the Beep Python extension manages them.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:done", "1:failed (the message says what to do); doctor: a check failed",
                "2:bad usage: unknown option, missing argument, invalid version or requirement", "3:not found: profile, version, venv",
                "4:network: a download, index or repository failed"})
public final class BeepPython implements Runnable {

    @Mixin
    GlobalOptions global;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        Interruption.install();
        int code = run(args);
        Interruption.finished();
        System.exit(code);
    }

    /** Runs the command line and returns its exit code. */
    static int run(String... args) {
        quietCoreLogging();
        CommandLine line = new CommandLine(new BeepPython());
        addSubcommands(line, args);
        line.setExecutionExceptionHandler((error, commandLine, parseResult) -> {
            int code = ExitCodes.of(error);
            Output output = ((BeepPython) commandLine.getCommandSpec().root().userObject()).global.output();
            output.error(error instanceof PythonException ? error.getMessage() : String.valueOf(error), code);
            if (System.getenv("BEEP_PYTHON_DEBUG") != null) {
                error.printStackTrace();
            }
            return code;
        });
        line.setParameterExceptionHandler((error, arguments) -> {
            CommandLine failed = error.getCommandLine();
            failed.getErr().println("beep-python: " + error.getMessage());
            if (!CommandLine.UnmatchedArgumentException.printSuggestions(error, failed.getErr())) {
                failed.getErr().println("See 'beep-python " + (failed.getCommandSpec().qualifiedName().replaceFirst("^beep-python ?", "")
                        + " --help").strip() + "'.");
            }
            if (java.util.Arrays.asList(arguments).contains("--json")) {
                ObjectNode node = Output.object();
                node.put("error", Secrets.mask(error.getMessage()));
                node.put("exitCode", ExitCodes.USAGE);
                failed.getOut().println(node.toPrettyString());
            }
            return ExitCodes.USAGE;
        });
        return line.execute(args);
    }

    /** The subcommands, by name, in the order of the usage message. */
    private static Map<String, Supplier<Object>> subcommands() {
        Map<String, Supplier<Object>> commands = new LinkedHashMap<>();
        commands.put("runtimes", RuntimesCommand::new);
        commands.put("install", InstallCommand::new);
        commands.put("env", EnvCommand::new);
        commands.put("profiles", ProfilesCommand::new);
        commands.put("doctor", DoctorCommand::new);
        commands.put("lock", LockCommand::new);
        commands.put("gc", GcCommand::new);
        commands.put("completion", CompletionCommand::new);
        return commands;
    }

    /**
     * Only the subcommand the arguments name, when they name one: picocli reads every command's
     * annotations when it is added, and a command that runs for half a second should not pay for the
     * six it does not run. The usage message, completion and an unknown name get them all.
     */
    static void addSubcommands(CommandLine line, String[] args) {
        Map<String, Supplier<Object>> commands = subcommands();
        String named = null;
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--home")) {
                i++; // its value
            } else if (!args[i].startsWith("-")) {
                named = args[i];
                break;
            }
        }
        if (named != null && commands.containsKey(named) && !named.equals("completion")) {
            line.addSubcommand(named, commands.get(named).get());
            return;
        }
        commands.forEach((name, command) -> line.addSubcommand(name, command.get()));
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    /** The core logs its work at INFO for applications; at a terminal only warnings are worth a line (BEEP_PYTHON_DEBUG shows all). */
    private static void quietCoreLogging() {
        if (System.getenv("BEEP_PYTHON_DEBUG") == null && System.getProperty("java.util.logging.config.class") == null
                && System.getProperty("java.util.logging.config.file") == null) {
            System.setProperty("java.util.logging.config.class", LoggingConfig.class.getName());
        }
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() throws IOException {
            Properties properties = new Properties();
            try (InputStream in = BeepPython.class.getResourceAsStream("version.properties")) {
                if (in != null) {
                    properties.load(in);
                }
            }
            return new String[] {"beep-python " + properties.getProperty("version", "unknown"), "Java " + Runtime.version()};
        }
    }
}

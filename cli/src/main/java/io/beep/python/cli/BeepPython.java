package io.beep.python.cli;

import io.beep.python.PythonException;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The {@code beep-python} command: the extension's core (registry, provisioner, venvs, profiles,
 * installers, bootstrap) for people at a terminal and for scripts, in plain Java, without Quarkus.
 */
@Command(name = "beep-python", mixinStandardHelpOptions = true, versionProvider = BeepPython.Version.class,
        description = "Python interpreters, virtual environments and package profiles, as the Beep Python extension manages them.",
        subcommands = {RuntimesCommand.class, InstallCommand.class, EnvCommand.class, ProfilesCommand.class, DoctorCommand.class,
                LockCommand.class, CompletionCommand.class},
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
        System.exit(run(args));
    }

    /** Runs the command line and returns its exit code. */
    static int run(String... args) {
        quietCoreLogging();
        CommandLine line = new CommandLine(new BeepPython());
        line.setExecutionExceptionHandler((error, commandLine, parseResult) -> {
            int code = ExitCodes.of(error);
            Output output = ((BeepPython) commandLine.getCommandSpec().root().userObject()).global.output();
            output.error(error instanceof PythonException ? error.getMessage() : String.valueOf(error), code);
            if (System.getenv("BEEP_PYTHON_DEBUG") != null) {
                error.printStackTrace();
            }
            return code;
        });
        return line.execute(args);
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    /** The core logs its work at INFO for applications; at a terminal only warnings are worth a line (BEEP_PYTHON_DEBUG shows all). */
    private static void quietCoreLogging() {
        if (System.getenv("BEEP_PYTHON_DEBUG") == null) {
            CORE_LOGGER.setLevel(Level.WARNING);
        }
    }

    /** Held, so that the level set on it is not lost with a collected logger. */
    private static final Logger CORE_LOGGER = Logger.getLogger("io.beep.python");

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

package io.beep.python.cli;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.nio.file.Path;

/**
 * {@code --home}, {@code --json}, {@code --quiet}: mixed into every command, so they may stand
 * before or after the subcommand's name; each stores into the top command's instance, which every
 * command reads.
 */
final class GlobalOptions {

    @Spec(Spec.Target.MIXEE)
    private CommandSpec mixee;

    private Path home;
    private boolean json;
    private boolean quiet;

    @Option(names = "--home", paramLabel = "DIR", description = "The home directory (default: $BEEP_PYTHON_HOME, else ~/.beep-python),"
            + " the same as the extension's beep.python.home.")
    void home(Path value) {
        root().home = value;
    }

    @Option(names = "--json", description = "Print the result as one JSON document (errors too: {\"error\": ..., \"exitCode\": N}).")
    void json(boolean value) {
        if (value) {
            root().json = true;
        }
    }

    @Option(names = {"-q", "--quiet"}, description = "No progress and no notes; results and errors only.")
    void quiet(boolean value) {
        if (value) {
            root().quiet = true;
        }
    }

    private GlobalOptions root() {
        CommandSpec spec = mixee;
        while (spec.parent() != null) {
            spec = spec.parent();
        }
        return ((BeepPython) spec.userObject()).global;
    }

    /** The home directory as the extension resolves it. */
    Path home() {
        GlobalOptions root = root();
        if (root.home != null) {
            return root.home.toAbsolutePath();
        }
        String env = System.getenv("BEEP_PYTHON_HOME");
        return env != null && !env.isBlank() ? Path.of(env).toAbsolutePath() : Path.of(System.getProperty("user.home"), ".beep-python");
    }

    Output output() {
        GlobalOptions root = root();
        return Output.forProcess(root.json, root.quiet);
    }
}

package io.beep.python.cli;

import picocli.AutoComplete;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code beep-python completion}: the bash (and zsh, with bashcompinit) completion script, from picocli. */
@Command(name = "completion", mixinStandardHelpOptions = true,
        description = "Prints the bash/zsh completion script: source <(beep-python completion)")
final class CompletionCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        System.out.print(AutoComplete.bash("beep-python", spec.root().commandLine()));
    }
}

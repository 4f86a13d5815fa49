package io.beep.python.bootstrap;

import io.beep.python.InstallResult;
import io.beep.python.ProcessResult;
import io.beep.python.packages.Requirement;
import io.beep.python.process.Cancellation;
import io.beep.python.process.ProcessSpec;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * What an application does with a ready environment's python: run it, build a process of it, and
 * install into it at run time. Each runs with the venv's variables, as an activated venv would.
 * Waiting for readiness and refusing blocking calls stay with {@link ManagedPythonEnvironment}.
 */
final class InterpreterCalls {

    private final BootstrapOptions options;
    private final PythonBootstrapManager manager;

    InterpreterCalls(BootstrapOptions options, PythonBootstrapManager manager) {
        this.options = options;
        this.manager = manager;
    }

    ProcessResult run(BootstrapResult.Ready ready, List<String> args, Duration timeout) {
        List<String> argv = new ArrayList<>();
        argv.add(ready.interpreter().toString());
        argv.addAll(args);
        return manager.runner().run(spec(ready, argv).withTimeout(timeout));
    }

    ProcessBuilder processBuilder(BootstrapResult.Ready ready, String... args) {
        List<String> argv = new ArrayList<>();
        argv.add(ready.interpreter().toString());
        argv.addAll(Arrays.asList(args));
        return manager.runner().builder(spec(ready, argv));
    }

    /** {@code cancellation}: the environment's, so that cancelling it stops the install too. */
    InstallResult install(BootstrapResult.Ready ready, String[] requirements, Cancellation cancellation) {
        List<Requirement> parsed = Arrays.stream(requirements).map(Requirement::parse).toList();
        InstallResult result = manager.installers().install(ready.interpreter(), ready.sitePackages(), parsed,
                options.installer(), options.sources(), options.timeout(), cancellation);
        return result;
    }

    private ProcessSpec spec(BootstrapResult.Ready ready, List<String> argv) {
        return ProcessSpec.of(argv).withEnvironment(VenvVariables.of(options, ready));
    }
}

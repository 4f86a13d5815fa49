package io.beep.python.provision;

import io.beep.python.BootstrapStage;
import io.beep.python.PythonBootstrapException;
import io.beep.python.process.Cancellation;
import io.beep.python.process.ProcessRunner;

import java.nio.file.Path;

/**
 * Provisions managed CPython interpreters under {@code ${home}/embedded/}: resolves a version
 * request against a source, downloads with verification and caching, extracts safely, verifies
 * the new interpreter and installs it atomically.
 * <p>
 * WALKING-SKELETON VERSION: not implemented yet.
 */
public final class PythonProvisioner {

    private final Path home;
    private final ProcessRunner runner;

    public PythonProvisioner(Path home, ProcessRunner runner) {
        this.home = home;
        this.runner = runner;
    }

    public ProvisionedPython provision(ProvisionRequest request, DownloadListener listener, Cancellation cancellation) {
        throw new PythonBootstrapException(BootstrapStage.PROVISIONING_PYTHON, request.versionRequest(),
                "Provisioning Python " + request.versionRequest() + " is not available yet; install it or set beep.python.interpreter");
    }

    Path home() {
        return home;
    }

    ProcessRunner runner() {
        return runner;
    }
}

package io.beep.python.cli;

import io.beep.python.process.ProcessRunner;
import io.beep.python.provision.ProvisionRequest;
import io.beep.python.provision.ProvisionedPython;
import io.beep.python.provision.PythonProvisioner;
import io.beep.python.registry.PythonRuntimeInfo;
import io.beep.python.registry.PythonRuntimeRegistry;
import io.beep.python.registry.PythonRuntimeType;

import com.fasterxml.jackson.databind.node.ObjectNode;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

import java.util.concurrent.Callable;

/**
 * {@code beep-python install 3.13}: provisions a managed CPython the way the extension's bootstrap
 * does (verified download, safe extraction, atomic install under {@code embedded/}) and registers it.
 */
@Command(name = "install", mixinStandardHelpOptions = true,
        description = "Provisions a managed CPython into <home>/embedded/ (from Maven by default) and registers it; a no-op when present.")
final class InstallCommand implements Callable<Integer> {

    @Mixin
    GlobalOptions global;

    @Mixin
    DistributionOptions distribution;

    @Parameters(paramLabel = "VERSION", description = "3, 3.13 or 3.13.5: the newest matching version the source has.")
    String version;

    @Override
    public Integer call() {
        Output out = global.output();
        ProcessRunner runner = new ProcessRunner();
        ProvisionRequest request = distribution.request(version);
        Progress progress = out.progress();
        progress.step("Provisioning Python " + version + " from " + request.source().configName());
        ProvisionedPython python;
        try {
            python = new PythonProvisioner(global.home(), runner).provision(request, progress::bytes, Interruption.cancellation());
        } finally {
            progress.done();
        }
        PythonRuntimeInfo registered = new PythonRuntimeRegistry(global.home(), runner)
                .registerManagedRuntime("CPython " + python.version() + " (managed)", PythonRuntimeType.EMBEDDED, python.executable(),
                        python.description());
        ObjectNode doc = Output.object();
        doc.put("version", python.version());
        doc.put("executable", python.executable().toString());
        doc.put("installDir", python.installDir().toString());
        doc.put("platform", python.platform());
        doc.put("downloaded", python.downloaded());
        doc.put("runtimeId", registered.id());
        out.result(doc);
        out.line((python.downloaded() ? "Installed" : "Already installed:") + " CPython " + python.version() + " at " + python.executable()
                + " (runtime " + registered.id() + ")");
        return ExitCodes.OK;
    }
}

package io.beep.python.cli;

import io.beep.python.packages.InstallerKind;
import io.beep.python.packages.lock.LockReport;
import io.beep.python.packages.PackageInstallers;
import io.beep.python.packages.PackageSources;
import io.beep.python.process.ProcessRunner;
import io.beep.python.venv.VenvException;
import io.beep.python.venv.VirtualEnv;
import io.beep.python.venv.VirtualEnvironments;

import com.fasterxml.jackson.databind.node.ObjectNode;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;

/** {@code beep-python lock PATH}: writes the venv's {@code pylock.toml} (PEP 751) for what is installed now. */
@Command(name = "lock", mixinStandardHelpOptions = true,
        description = "Writes PATH/pylock.toml (PEP 751) for what the venv at PATH has installed, with sources and hashes from the index.")
final class LockCommand implements Callable<Integer> {

    @Mixin
    GlobalOptions global;

    @Parameters(paramLabel = "PATH", description = "The venv (e.g. one made by 'beep-python env create').")
    Path path;

    @Option(names = "--installer", paramLabel = "I", defaultValue = "auto", description = "pip, uv or auto: who is asked for sources and hashes.")
    String installer;

    @Option(names = "--index-url", paramLabel = "URL", description = "Package index replacing pip's configured one.")
    String indexUrl;

    @Option(names = "--offline", description = "Never touch the network: packages the lock lacks get name and version only.")
    boolean offline;

    @Override
    public Integer call() {
        Output out = global.output();
        Path root = path.toAbsolutePath().normalize();
        ProcessRunner runner = new ProcessRunner();
        VirtualEnv venv = new VirtualEnvironments(runner, global.home()).open(root).orElseThrow(() -> new NotAVenv(root));
        Progress progress = out.progress();
        progress.step("Locking " + root);
        LockReport report;
        try {
            report = new PackageInstallers(global.home(), runner).writeLock(venv.python(), venv.sitePackages(),
                    InstallerKind.valueOf(installer.toUpperCase(Locale.ROOT)),
                    new PackageSources(Optional.ofNullable(indexUrl), List.of(), List.of(), offline), Duration.ofMinutes(5), Interruption.cancellation());
        } finally {
            progress.done();
        }
        ObjectNode doc = Output.object();
        doc.put("file", report.file().toString());
        doc.put("packages", report.packages());
        doc.put("refreshed", report.refreshed());
        doc.putPOJO("withoutHashes", report.withoutHashes());
        doc.putPOJO("warnings", report.warnings());
        out.result(doc);
        report.warnings().forEach(w -> out.note("warning: " + w));
        out.line("Wrote " + report.file() + " (" + report.packages() + " packages"
                + (report.withoutHashes().isEmpty() ? ", all with hashes)" : "; without hashes: " + String.join(", ", report.withoutHashes()) + ")"));
        return ExitCodes.OK;
    }

    /** A path that holds no venv: "not found" to scripts. */
    static final class NotAVenv extends VenvException {
        NotAVenv(Path root) {
            super(VenvException.Reason.PATH_EXISTS, root.toString(), "No virtual environment at " + root
                    + " (no pyvenv.cfg with a working python); create one with 'beep-python env create " + root + "'");
        }
    }
}

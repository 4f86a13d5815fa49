package io.beep.python.packages;

import io.beep.python.PythonProcessException;
import io.beep.python.Secrets;
import io.beep.python.process.Cancellation;
import io.beep.python.fs.Platform;
import io.beep.python.process.ProcessRunner;
import io.beep.python.venv.PyvenvConfig;

import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * Decides which installer runs: pip, uv (fetched as a verified wheel on first use), or for
 * {@code auto} uv when it is available and pip otherwise.
 */
final class InstallerChoice {

    private static final System.Logger LOG = System.getLogger(InstallerChoice.class.getName());

    private final ProcessRunner runner;
    private final UvTool uv;

    InstallerChoice(ProcessRunner runner, UvTool uv) {
        this.runner = runner;
        this.uv = uv;
    }

    Installer choose(InstallerKind kind, Path python, Path sitePackages, PackageSources sources, Duration timeout,
            Cancellation cancellation) {
        return switch (kind) {
            case PIP -> new PipInstaller(runner);
            case UV -> new UvInstaller(runner, uv.ensure(pipPython(python, sitePackages), sources, timeout, cancellation));
            case AUTO -> {
                Optional<Path> present = uv.installed();
                if (present.isPresent()) {
                    yield new UvInstaller(runner, present.get());
                }
                if (sources.offline() || uv.recentlyUnavailable()) {
                    // Offline never fetches: uv is used only when an earlier online run left it in ${home}/tools.
                    // And an index that had no uv a moment ago is not asked again on every install.
                    yield new PipInstaller(runner);
                }
                try {
                    yield new UvInstaller(runner, uv.ensure(pipPython(python, sitePackages), sources, timeout, cancellation));
                } catch (PackagesException | PythonProcessException e) {
                    // auto means "uv when available": falling back is the contract, not a problem with the environment.
                    if (e instanceof PackagesException p && p.reason() == PackagesException.Reason.HOME_UNWRITABLE) {
                        // A full disk says nothing about the index: say it, and ask for uv again next time.
                        LOG.log(Level.WARNING, () -> "uv could not be fetched (" + Secrets.mask(e.getMessage()) + "); using pip");
                    } else {
                        uv.markUnavailable();
                        LOG.log(Level.INFO, () -> "uv is not available (" + Secrets.mask(e.getMessage()) + "); using pip");
                    }
                    yield new PipInstaller(runner);
                }
            }
        };
    }

    /**
     * An interpreter with pip, to fetch uv with: the environment's own, or, for a venv made without
     * pip, the base interpreter it was made from ({@code home} in {@code pyvenv.cfg}).
     */
    private static Path pipPython(Path python, Path sitePackages) {
        if (Files.isDirectory(sitePackages.resolve("pip"))) {
            return python;
        }
        return PyvenvConfig.ofInterpreter(python).map(config -> config.baseExecutable(Platform.current()))
                .filter(Files::isExecutable).orElse(python);
    }
}

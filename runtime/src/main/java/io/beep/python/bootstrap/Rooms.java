package io.beep.python.bootstrap;

import io.beep.python.packages.PackageInstallers;
import io.beep.python.packages.PackageRequirementsManager;
import io.beep.python.process.ProcessRunner;
import io.beep.python.provision.PythonProvisioner;
import io.beep.python.registry.PythonRuntimeRegistry;
import io.beep.python.venv.VirtualEnvironments;

import java.nio.file.Path;
import java.util.function.Supplier;

/**
 * The doors of the rooms a bootstrap calls, each made on first use: a warm start needs few of them,
 * and making one (the registry's JSON machinery, say) costs a fresh JVM class loading that an
 * application's startup should not pay.
 */
final class Rooms {

    final Path home;
    final ProcessRunner runner;
    final FailureHints hints;
    /** The venvs this manager's environments use now. */
    final EnvironmentUses uses = new EnvironmentUses();
    /** Removes what dead runs left in the home's scratch, once per manager, after the home passed its safety check. */
    final ScratchSweep sweep;
    private final Lazy<PythonRuntimeRegistry> registry;
    private final Lazy<PythonProvisioner> provisioner;
    private final Lazy<VirtualEnvironments> venvs;
    private final Lazy<PackageRequirementsManager> packageRequirements;
    private final Lazy<PackageInstallers> installers;

    Rooms(Path home, ProcessRunner runner, FailureHints hints, Supplier<PythonRuntimeRegistry> registry,
            Supplier<PythonProvisioner> provisioner, Supplier<VirtualEnvironments> venvs, Supplier<PackageRequirementsManager> packageRequirements,
            Supplier<PackageInstallers> installers) {
        this.home = home;
        this.runner = runner;
        this.hints = hints;
        this.sweep = new ScratchSweep(home);
        this.registry = new Lazy<>(registry);
        this.provisioner = new Lazy<>(provisioner);
        this.venvs = new Lazy<>(venvs);
        this.packageRequirements = new Lazy<>(packageRequirements);
        this.installers = new Lazy<>(installers);
    }

    /** Each room with its own components under {@code home}. */
    static Rooms under(Path home, ProcessRunner runner, FailureHints hints) {
        return new Rooms(home, runner, hints, () -> new PythonRuntimeRegistry(home, runner), () -> new PythonProvisioner(home, runner),
                () -> VirtualEnvironments.compilingSeedsInBackground(runner, home), () -> new PackageRequirementsManager(home),
                () -> new PackageInstallers(home, runner));
    }

    PythonRuntimeRegistry registry() {
        return registry.get();
    }

    PythonProvisioner provisioner() {
        return provisioner.get();
    }

    VirtualEnvironments venvs() {
        return venvs.get();
    }

    PackageRequirementsManager packageRequirements() {
        return packageRequirements.get();
    }

    PackageInstallers installers() {
        return installers.get();
    }

    /** Made once, on first use, by whichever thread asks first. */
    private static final class Lazy<T> {
        private final Supplier<T> factory;
        private volatile T value;

        Lazy(Supplier<T> factory) {
            this.factory = factory;
        }

        T get() {
            T result = value;
            if (result == null) {
                synchronized (this) {
                    result = value;
                    if (result == null) {
                        value = result = factory.get();
                    }
                }
            }
            return result;
        }
    }
}

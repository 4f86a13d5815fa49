package io.beep.python.deployment;

import io.beep.python.PythonBootstrapException;
import io.beep.python.PythonException;
import io.beep.python.Secrets;
import io.beep.python.provision.DistributionSource;
import io.beep.python.provision.MavenCoordinates;
import io.beep.python.provision.PythonProvisioner;
import io.quarkus.bootstrap.resolver.maven.MavenArtifactResolver;
import io.quarkus.deployment.builditem.AppModelProviderBuildItem;
import org.eclipse.aether.artifact.DefaultArtifact;
import io.beep.python.bootstrap.BootstrapOptions;
import io.beep.python.bootstrap.EnvironmentBaker;
import io.beep.python.process.ProcessRunner;
import io.beep.python.quarkus.BeepPythonBuildTimeConfig;
import io.beep.python.quarkus.BeepPythonConfig;
import io.beep.python.quarkus.BeepPythonRecorder;
import io.beep.python.quarkus.ConfigKeyHints;
import io.quarkus.deployment.IsNormal;
import io.quarkus.deployment.annotations.BuildProducer;
import io.quarkus.deployment.annotations.BuildStep;
import io.quarkus.deployment.annotations.BuildSteps;
import io.quarkus.deployment.pkg.builditem.ArtifactResultBuildItem;
import io.quarkus.deployment.pkg.builditem.JarBuildItem;
import io.quarkus.deployment.pkg.builditem.OutputTargetBuildItem;
import io.quarkus.runtime.configuration.ConfigurationException;

import org.jboss.logging.Logger;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/**
 * {@code beep.python.build-time-provisioning=true} (or {@code beep.python."NAME".build-time-provisioning=true}): bakes
 * the environments that ask for it into the packaged application's {@code python/} directory (the others bootstrap at
 * run time as usual), after the fast jar is written (its directory is emptied
 * first). The environments are built under {@code target/beep-python/home}, kept between builds, so
 * an unchanged second build only links the files again.
 */
@BuildSteps(onlyIf = { IsNormal.class, BakeProcessor.BakeEnabled.class })
class BakeProcessor {

    private static final Logger LOG = Logger.getLogger(BakeProcessor.class);

    static final class BakeEnabled implements BooleanSupplier {
        private final BeepPythonBuildTimeConfig config;

        BakeEnabled(BeepPythonBuildTimeConfig config) {
            this.config = config;
        }

        @Override
        public boolean getAsBoolean() {
            return config.enabled() && (config.buildTimeProvisioning()
                    || config.environments().values().stream().anyMatch(e -> e.buildTimeProvisioning().orElse(false)));
        }
    }

    @BuildStep
    void bake(JarBuildItem jar, OutputTargetBuildItem target, PythonEnvironmentNamesBuildItem names, BuildRepositoriesBuildItem repositories,
            AppModelProviderBuildItem appModel, BeepPythonBuildTimeConfig buildConfig, BuildProducer<ArtifactResultBuildItem> artifacts) {
        Path output = jar.getPath().getParent().resolve("python");
        Path buildHome = target.getOutputDirectory().resolve("beep-python").resolve("home");
        // The project is read from src/main/python here, from the copy the application carries at run time: the same bytes.
        Path sources = target.getOutputDirectory().getParent().resolve("src/main/python").toAbsolutePath().normalize();
        Optional<Path> applicationPython = Files.isDirectory(sources) ? Optional.of(sources) : Optional.empty();
        BeepPythonConfig config = RunTimeConfigAtBuild.read();
        Map<String, BootstrapOptions> environments = new LinkedHashMap<>();
        for (String name : names.names()) {
            if (!buildConfig.bakes(name)) {
                LOG.infof("Beep Python: environment '%s' is not baked (build-time-provisioning=false for it): it bootstraps at run time",
                        name);
                continue;
            }
            environments.put(name, BeepPythonRecorder.options(name, config.environments().get(name), config, repositories.urls(), List.of(),
                    applicationPython, false));
        }
        // The build's resolver fetches CPython (settings.xml mirrors, credentials, proxies) into the build's local repository.
        MavenArtifactResolver resolver = environments.values().stream().anyMatch(o -> o.distribution().source() == DistributionSource.MAVEN)
                ? buildResolver(appModel, target) : null;
        ProcessRunner runner = new ProcessRunner();
        for (Map.Entry<String, BootstrapOptions> environment : environments.entrySet()) {
            String name = environment.getKey();
            BootstrapOptions options = environment.getValue();
            EnvironmentBaker baker = options.distribution().source() == DistributionSource.MAVEN
                    ? new EnvironmentBaker(buildHome, runner, new ConfigKeyHints(), resolveCPython(name, options.pythonVersion(), resolver))
                    : new EnvironmentBaker(buildHome, runner, new ConfigKeyHints());
            LOG.infof("Beep Python: baking environment '%s' (Python %s) into %s", name, options.pythonVersion(), output);
            EnvironmentBaker.Baked baked;
            try {
                // The baker logs its progress at INFO itself (a line per stage, per package, per tenth of a download).
                baked = baker.bake(options, output, progress -> {
                });
            } catch (PythonBootstrapException e) {
                throw new ConfigurationException("Beep Python could not bake environment '" + name + "' at build time (stage "
                        + e.stage() + "): " + e.getMessage() + ". Fix the input, or set " + ConfigKeyHints.prefix(name) + "build-time-provisioning=false to bootstrap it at run"
                        + " time instead");
            }
            LOG.infof("Beep Python: baked '%s': Python %s at %s, %d packages, %d MB, in %d ms%s", name, baked.pythonVersion(),
                    output.relativize(baked.interpreter()), baked.packages(), baked.bytes() / (1024 * 1024), baked.took().toMillis(),
                    baked.reused() ? " (unchanged since the last build: reused)" : "");
        }
        artifacts.produce(new ArtifactResultBuildItem(output, "beep-python-baked", Map.of()));
    }

    private static MavenArtifactResolver buildResolver(AppModelProviderBuildItem appModel, OutputTargetBuildItem target) {
        try {
            return BuildRepositories.resolver(appModel.getDependencyInfoProvider(), target.getOutputDirectory().getParent());
        } catch (Exception e) {
            throw new ConfigurationException("Beep Python could not bake: the build's Maven resolver cannot be made ("
                    + Secrets.mask(String.valueOf(e.getMessage())) + "). Check settings.xml, or set"
                    + " beep.python.distribution.source=python-build-standalone or url");
        }
    }

    /** Resolves the CPython jar for {@code version} with the build's resolver; returns the local repository that now holds it. */
    private static Path resolveCPython(String environment, String version, MavenArtifactResolver resolver) {
        MavenCoordinates coordinates;
        try {
            coordinates = PythonProvisioner.mavenCoordinates(version);
        } catch (PythonException e) {
            throw new ConfigurationException("Beep Python could not bake environment '" + environment + "': " + e.getMessage());
        }
        try {
            Path jar = resolver.resolve(new DefaultArtifact(coordinates.groupId(), coordinates.artifactId(), coordinates.classifier(),
                    coordinates.extension(), coordinates.version())).getArtifact().getFile().toPath();
            LOG.infof("Beep Python: resolved %s with the build's Maven resolver: %s", coordinates, jar);
            // <repository>/<group path>/<artifactId>/<version>/<file>: from the file, since it may sit in a chained
            // (maven.repo.local.tail) repository rather than the session's local one.
            Path repository = jar;
            for (int up = coordinates.groupId().split("\\.").length + 3; up > 0; up--) {
                repository = repository.getParent();
            }
            return repository;
        } catch (Exception e) {
            throw new ConfigurationException("Beep Python could not bake environment '" + environment + "': cannot resolve " + coordinates
                    + " with the build's Maven repositories (" + Secrets.mask(String.valueOf(e.getMessage())) + "). Check the mirror"
                    + " and credentials in settings.xml, or set beep.python.distribution.source=python-build-standalone or url");
        }
    }
}

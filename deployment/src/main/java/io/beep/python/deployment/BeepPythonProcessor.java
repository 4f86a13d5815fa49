package io.beep.python.deployment;

import io.beep.python.PythonEnv;
import io.beep.python.PythonEnvironment;
import io.beep.python.Secrets;
import io.beep.python.fs.Digests;
import io.beep.python.bootstrap.PythonBootstrapManager;
import io.beep.python.packages.PackageRequirementsManager;
import io.beep.python.quarkus.BeepPythonBuildTimeConfig;
import io.beep.python.quarkus.ApplicationPythonSources;
import io.beep.python.quarkus.BeepPythonConfig;
import io.beep.python.quarkus.BeepPythonRecorder;
import io.beep.python.quarkus.PythonEnvironments;
import io.beep.python.quarkus.PythonHealthChecks;
import io.beep.python.quarkus.PythonStartup;
import io.beep.python.registry.PythonRuntimeRegistry;
import io.quarkus.arc.deployment.AdditionalBeanBuildItem;
import io.quarkus.arc.deployment.SyntheticBeanBuildItem;
import io.quarkus.arc.deployment.SyntheticBeanBuildItem.ExtendedBeanConfigurator;
import io.quarkus.deployment.Capabilities;
import io.quarkus.deployment.Capability;
import io.quarkus.deployment.annotations.BuildProducer;
import io.quarkus.deployment.annotations.BuildStep;
import io.quarkus.deployment.annotations.BuildSteps;
import io.quarkus.deployment.annotations.ExecutionTime;
import io.quarkus.deployment.annotations.Record;
import io.quarkus.deployment.builditem.AppModelProviderBuildItem;
import io.quarkus.deployment.builditem.CombinedIndexBuildItem;
import io.quarkus.deployment.builditem.GeneratedResourceBuildItem;
import io.quarkus.deployment.builditem.LaunchModeBuildItem;
import io.quarkus.deployment.metrics.MetricsCapabilityBuildItem;
import io.quarkus.runtime.LaunchMode;
import io.quarkus.runtime.metrics.MetricsFactory;
import io.quarkus.deployment.builditem.FeatureBuildItem;
import io.quarkus.deployment.pkg.builditem.OutputTargetBuildItem;
import io.quarkus.smallrye.health.deployment.spi.HealthBuildItem;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Default;
import jakarta.inject.Singleton;

import org.eclipse.microprofile.config.ConfigProvider;
import org.jboss.jandex.AnnotationInstance;
import org.jboss.jandex.ClassType;
import org.jboss.jandex.DotName;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BooleanSupplier;

/** Build steps of Beep Python, all off with {@code beep.python.enabled=false}: one bean per environment, startup, and health checks. */
@BuildSteps(onlyIf = BeepPythonProcessor.Enabled.class)
class BeepPythonProcessor {

    static final String FEATURE = "beep-python";

    private static final Logger LOG = Logger.getLogger(BeepPythonProcessor.class);

    private static final DotName PYTHON_ENV = DotName.createSimple(PythonEnv.class);
    private static final DotName ENVIRONMENTS = DotName.createSimple(PythonEnvironments.class);

    /** True when {@code beep.python.enabled} is. */
    static final class Enabled implements BooleanSupplier {
        private final BeepPythonBuildTimeConfig config;

        Enabled(BeepPythonBuildTimeConfig config) {
            this.config = config;
        }

        @Override
        public boolean getAsBoolean() {
            return config.enabled();
        }
    }

    @BuildStep
    FeatureBuildItem feature() {
        return new FeatureBuildItem(FEATURE);
    }

    @BuildStep
    PythonEnvironmentNamesBuildItem environmentNames(CombinedIndexBuildItem index) {
        Set<String> named = new TreeSet<>(new EnvironmentNames().namedIn(ConfigProvider.getConfig().getPropertyNames()));
        // An injection point @PythonEnv("x") declares environment x, configured or not (then it has the defaults).
        for (AnnotationInstance annotation : index.getIndex().getAnnotations(PYTHON_ENV)) {
            named.add(annotation.value().asString());
        }
        return new PythonEnvironmentNamesBuildItem(named);
    }

    /**
     * Where the build resolves artifacts from, for provisioning CPython from Maven at run time. Said
     * at INFO in every build, and at WARN when it cannot be read, since a packaged application then
     * finds CPython only in a local repository that containers do not have.
     */
    @BuildStep
    BuildRepositoriesBuildItem buildRepositories(AppModelProviderBuildItem appModel, OutputTargetBuildItem target) {
        Path projectDir = target.getOutputDirectory().getParent();
        BuildRepositories.Recorded recorded = BuildRepositories.of(appModel.getDependencyInfoProvider(), projectDir);
        recorded.warning().ifPresent(warning -> LOG.warnf("Beep Python: %s. A packaged application provisions CPython from"
                + " Maven only from the repositories its build recorded (here: %s), after the local repository. Set"
                + " beep.python.distribution.maven-repository to a repository reachable at run time, or use"
                + " beep.python.distribution.source=python-build-standalone or url.", warning,
                recorded.urls().isEmpty() ? "none" : recorded.urls()));
        if (!recorded.urls().isEmpty()) {
            LOG.infof("Beep Python: recorded the build's Maven repositories for provisioning CPython at run time (from %s): %s",
                    recorded.source(), recorded.urls().stream().map(Secrets::mask).toList());
        }
        return new BuildRepositoriesBuildItem(recorded.urls());
    }

    /**
     * The application's {@code src/main/python}: in dev mode and tests the directory itself (in dev
     * mode watched, so that a change replaces the workers, not the application); in a packaged application
     * its files as resources, unpacked under the home at run time.
     */
    @BuildStep
    ApplicationPythonBuildItem applicationPython(OutputTargetBuildItem target, LaunchModeBuildItem launch,
            BuildProducer<GeneratedResourceBuildItem> resources)
            throws IOException {
        Path sources = target.getOutputDirectory().getParent().resolve("src/main/python").toAbsolutePath().normalize();
        if (!Files.isDirectory(sources)) {
            return new ApplicationPythonBuildItem(null, List.of(), "", false);
        }
        ApplicationPythonFiles.Found found = ApplicationPythonFiles.walk(sources);
        if (!found.refused().isEmpty()) {
            // In every launch mode, so that dev mode does not run code the package would leave out.
            throw new IllegalStateException("Beep Python: src/main/python holds links that lead outside it; the application would carry"
                    + " files from elsewhere. Replace each link by the file, or move its target into src/main/python: "
                    + String.join("; ", found.refused()));
        }
        if (launch.getLaunchMode() != LaunchMode.NORMAL) {
            // Dev mode watches the directory at run time and replaces only the workers on a change (ApplicationPythonWatcher).
            return new ApplicationPythonBuildItem(sources.toString(), List.of(), "", launch.getLaunchMode() == LaunchMode.DEVELOPMENT);
        }
        found.warnings().forEach(warning -> LOG.warnf("Beep Python: %s", warning));
        List<String> names = new ArrayList<>();
        MessageDigest digest = Digests.newDigest(Digests.SHA_256);
        for (ApplicationPythonFiles.SourceFile file : found.files()) {
            String name = file.name();
            byte[] bytes = Files.readAllBytes(file.file());
            resources.produce(new GeneratedResourceBuildItem(ApplicationPythonSources.RESOURCE_ROOT + name, bytes));
            digest.update(name.getBytes(StandardCharsets.UTF_8));
            digest.update((byte) 0);
            digest.update(bytes);
            names.add(name);
        }
        return new ApplicationPythonBuildItem(null, names, HexFormat.of().formatHex(digest.digest(), 0, 8), false);
    }

    @BuildStep
    AdditionalBeanBuildItem startup() {
        return AdditionalBeanBuildItem.builder().addBeanClass(PythonStartup.class).setUnremovable().build();
    }

    @BuildStep
    @Record(ExecutionTime.RUNTIME_INIT)
    void environmentBeans(BeepPythonRecorder recorder, PythonEnvironmentNamesBuildItem names, BuildRepositoriesBuildItem repositories,
            ApplicationPythonBuildItem python, Optional<MetricsCapabilityBuildItem> metrics, BeepPythonBuildTimeConfig config,
            LaunchModeBuildItem launch, Capabilities capabilities, BuildProducer<SyntheticBeanBuildItem> beans) {
        recorder.warmUp();
        boolean micrometer = config.metricsEnabled() && metrics.map(m -> m.metricsSupported(MetricsFactory.MICROMETER)).orElse(false);
        boolean openTelemetry = capabilities.isPresent(Capability.OPENTELEMETRY_TRACER);
        // quarkus-smallrye-context-propagation declares no capability: its runtime class tells.
        boolean contextPropagation = io.quarkus.bootstrap.classloading.QuarkusClassLoader
                .isClassPresentAtRuntime("io.quarkus.smallrye.context.runtime.SmallRyeContextPropagationProvider");
        // Only a packaged application has a python/ directory baked beside it (BakeProcessor).
        boolean baked = config.bakesAny(names.names()) && launch.getLaunchMode() == LaunchMode.NORMAL;
        beans.produce(SyntheticBeanBuildItem.configure(PythonEnvironments.class)
                .scope(Singleton.class)
                .supplier(recorder.environments(names.names(), repositories.urls(), python.sourceDirectory(), python.resources(),
                        python.digest(), python.watch(), micrometer, openTelemetry, contextPropagation, baked))
                .setRuntimeInit()
                .unremovable()
                .done());

        for (String name : names.names()) {
            ExtendedBeanConfigurator bean = SyntheticBeanBuildItem.configure(PythonEnvironment.class)
                    .identifier("python-environment-" + name)
                    // The design's scope: a client proxy, so that a test can replace the bean (QuarkusMock) and the
                    // environment is made on its first call.
                    .scope(ApplicationScoped.class)
                    .addQualifier().annotation(PYTHON_ENV).addValue("value", name).done()
                    .createWith(recorder.environment(name))
                    .addInjectionPoint(ClassType.create(ENVIRONMENTS))
                    .setRuntimeInit()
                    .unremovable();
            if (BeepPythonConfig.DEFAULT_ENVIRONMENT.equals(name)) {
                bean.addQualifier(Default.class);
            }
            beans.produce(bean.done());
        }

        beans.produce(component(PythonBootstrapManager.class).createWith(recorder.bootstrapManager()).done());
        beans.produce(component(PythonRuntimeRegistry.class).createWith(recorder.runtimeRegistry()).done());
        beans.produce(component(PackageRequirementsManager.class).createWith(recorder.requirementsManager()).done());
    }

    /**
     * One readiness and startup check {@code python:NAME} per environment, when the app has SmallRye
     * Health; SmallRye Health adds the class only if its {@code extensions.enabled} switch allows.
     */
    @BuildStep
    HealthBuildItem healthChecks(Capabilities capabilities, BeepPythonBuildTimeConfig config) {
        return capabilities.isPresent(Capability.SMALLRYE_HEALTH)
                ? new HealthBuildItem(PythonHealthChecks.class.getName(), config.healthEnabled())
                : null;
    }

    private static ExtendedBeanConfigurator component(Class<?> type) {
        return SyntheticBeanBuildItem.configure(type)
                .scope(Singleton.class)
                .addInjectionPoint(ClassType.create(ENVIRONMENTS))
                .setRuntimeInit()
                .unremovable();
    }
}

package io.beep.python.quarkus;

import io.beep.python.PythonEnvironment;
import io.beep.python.bootstrap.BootstrapOptions;
import io.beep.python.bootstrap.PythonBootstrapManager;
import io.beep.python.bootstrap.StartupMode;
import io.beep.python.packages.PackageRequirementsManager;
import io.beep.python.packages.PackageSources;
import io.beep.python.process.ProcessRunner;
import io.beep.python.provision.ProvisionRequest;
import io.beep.python.workers.WorkerOptions;
import io.beep.python.registry.PythonRuntimeRegistry;
import io.quarkus.arc.SyntheticCreationalContext;
import io.quarkus.runtime.RuntimeValue;
import io.quarkus.runtime.annotations.Recorder;
import io.quarkus.runtime.configuration.ConfigurationException;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;

/** Turns the run-time configuration into the environments and the beans that expose them. */
@Recorder
public class BeepPythonRecorder {

    private final RuntimeValue<BeepPythonConfig> config;

    public BeepPythonRecorder(RuntimeValue<BeepPythonConfig> config) {
        this.config = config;
    }

    /**
     * Called first at runtime init: the bootstrap starts at StartupEvent, after the rest of Quarkus' startup, which
     * leaves a core idle; a new JVM's one-time class loading for the bootstrap happens there instead of on its path.
     */
    public void warmUp() {
        PythonBootstrapManager.warmUpInBackground();
    }

    /**
     * @param names             the environments that exist (decided at build time), default first
     * @param buildRepositories the remote Maven repositories of the application's build, for provisioning
     * @param watchPython       dev mode: a change in the application's Python code replaces the workers
     * @param micrometer        whether the application has Micrometer and beep.python.metrics.enabled is true: then each
     *                          environment is published as metrics (PythonMeters, the only class that touches Micrometer)
     * @param openTelemetry     whether the application has quarkus-opentelemetry's tracer: then bootstraps and calls are
     *                          spans (OpenTelemetrySpans, the only class that touches OpenTelemetry)
     * @param contextPropagation whether the application has SmallRye Context Propagation: then the asynchronous methods'
     *                          continuations run with the caller's context (ContextPropagation)
     * @param baked             whether the build baked the environments into the application's {@code python/} directory
     */
    public Supplier<PythonEnvironments> environments(List<String> names, List<String> buildRepositories, String pythonSources,
            List<String> pythonResources, String pythonDigest, boolean watchPython, boolean micrometer, boolean openTelemetry,
            boolean contextPropagation, boolean baked) {
        return () -> {
            BeepPythonConfig beep = config.getValue();
            refuseUnworkable(beep, names);
            UnusedEnvironmentSettings.warn(beep.environments().keySet(), names,
                    org.eclipse.microprofile.config.ConfigProvider.getConfig().getPropertyNames());
            Path home = beep.home().toAbsolutePath().normalize();
            List<Path> pythonPath = ApplicationPythonSources.locate(home, pythonSources, pythonResources, pythonDigest).stream().toList();
            Path bakedRoot = baked ? BakedApplication.pythonDirectory().orElse(null) : null;
            Map<String, BootstrapOptions> options = new LinkedHashMap<>();
            Map<String, StartupMode> startup = new LinkedHashMap<>();
            for (String name : names) {
                EnvironmentConfig env = beep.environments().get(name);
                options.put(name, options(name, env, beep, buildRepositories, pythonPath).toBuilder().bakedRoot(bakedRoot).build());
                startup.put(name, env.startup());
            }
            // Failure messages name the beep.python.* key to change, spelled for the environment at fault.
            PythonBootstrapManager manager = new PythonBootstrapManager(home, new ProcessRunner(), new ConfigKeyHints());
            PythonEnvironments environments = new PythonEnvironments(manager, options, startup, beep.monitorInterval());
            environments.collectVenvsAfter(beep.gcAfter());
            // Baked applications never update: the build pinned their interpreter.
            if (beep.runtimeUpdates() == BeepPythonConfig.RuntimeUpdatePolicy.PATCH && bakedRoot == null) {
                environments.updateRuntimesEvery(beep.runtimeUpdateInterval());
            }
            // Observability: each class is named only behind its flag, so without the library it is never loaded.
            if (micrometer) {
                PythonMeters.bindToApplicationRegistry(environments.all());
            }
            if (openTelemetry) {
                OpenTelemetrySpans.bindToApplicationTracer(environments.all());
            }
            if (contextPropagation) {
                ContextPropagation.bindToApplicationContext(environments.all());
            }
            if (io.quarkus.runtime.LaunchMode.current() == io.quarkus.runtime.LaunchMode.DEVELOPMENT) {
                // quarkus:dev runs in the project's (or module's) directory: that is where the IDE's settings are.
                environments.handOffToIde(new IdeHandOff(beep.devIde(), Path.of("")));
            }
            if (watchPython && pythonSources != null) {
                environments.watchApplicationPython(Path.of(pythonSources));
            }
            return environments;
        };
    }

    /**
     * The init task's work: in an init-and-exit run ({@code quarkus.init-and-exit=true}) every
     * environment is made ready before Quarkus exits; a failure fails the run, so it exits non-zero
     * printing the error. In any other run nothing happens here.
     */
    public void prepareForInitAndExit() {
        boolean initAndExit = org.eclipse.microprofile.config.ConfigProvider.getConfig()
                .getOptionalValue("quarkus.init-and-exit", Boolean.class).orElse(false);
        if (initAndExit) {
            io.quarkus.arc.Arc.container().instance(PythonEnvironments.class).get().prepareAllAndStop();
        }
    }

    public Function<SyntheticCreationalContext<PythonEnvironment>, PythonEnvironment> environment(String name) {
        return context -> context.getInjectedReference(PythonEnvironments.class).get(name);
    }

    public Function<SyntheticCreationalContext<PythonBootstrapManager>, PythonBootstrapManager> bootstrapManager() {
        return context -> context.getInjectedReference(PythonEnvironments.class).manager();
    }

    public Function<SyntheticCreationalContext<PythonRuntimeRegistry>, PythonRuntimeRegistry> runtimeRegistry() {
        return context -> context.getInjectedReference(PythonEnvironments.class).manager().registry();
    }

    public Function<SyntheticCreationalContext<PackageRequirementsManager>, PackageRequirementsManager> requirementsManager() {
        return context -> context.getInjectedReference(PythonEnvironments.class).manager().packageRequirements();
    }

    /**
     * Settings that cannot work fail the start together, each naming its key and the value, rather than every call
     * later (a zero call-timeout kills each worker) or a surprising place on disk (a home named by a space, a venv
     * relative to whatever the working directory happens to be).
     */
    static void refuseUnworkable(BeepPythonConfig beep, List<String> names) {
        Map<String, String> problems = new LinkedHashMap<>();
        positive(problems, "beep.python.gc-after", beep.gcAfter());
        positive(problems, "beep.python.runtime-update-interval", beep.runtimeUpdateInterval());
        if (beep.home().toString().isBlank()) {
            problems.put("beep.python.home", "beep.python.home must name a directory, got '" + beep.home() + "'");
        }
        for (String name : names) {
            EnvironmentConfig env = beep.environments().get(name);
            if (env != null) {
                problems.putAll(problems(name, env));
            }
        }
        // One message may name several keys (environments asking for in-process together), each of which may have its own.
        Set<String> messages = new java.util.LinkedHashSet<>(problems.values());
        Set<String> keys = new java.util.LinkedHashSet<>(problems.keySet());
        InProcessChecks.oneEnvironment(beep, names).ifPresent(many -> {
            messages.addAll(many.values());
            keys.addAll(many.keySet());
        });
        if (!messages.isEmpty()) {
            throw new ConfigurationException(String.join("; ", messages), keys);
        }
    }

    /** One environment's unworkable settings, key to message. */
    private static Map<String, String> problems(String name, EnvironmentConfig env) {
        String key = ConfigKeyHints.prefix(name);
        Map<String, String> problems = new LinkedHashMap<>();
        positive(problems, key + "timeout", env.timeout());
        positive(problems, key + "exec-timeout", env.execTimeout());
        positive(problems, key + "workers.call-timeout", env.workers().callTimeout());
        env.venv().path().filter(path -> !path.isAbsolute()).ifPresent(path -> problems.put(key + "venv.path", key
                + "venv.path must be an absolute path, got '" + path + "' (a relative one would depend on the working directory)"));
        problems.putAll(InProcessChecks.problems(key, env));
        seedPackagesProblem(env.seedPackages()).ifPresent(problem -> problems.put(key + "seed-packages", key + "seed-packages=" + String.join(
                ",", env.seedPackages()) + ": " + problem));
        return problems;
    }

    /** bundled or latest alone, or PEP 508 requirements: what is wrong with {@code choice}, if anything. */
    private static Optional<String> seedPackagesProblem(List<String> choice) {
        try {
            BootstrapOptions.builder().seedPackages(choice).build().seedRequirements().forEach(io.beep.python.packages.Requirement::parse);
            return Optional.empty();
        } catch (RuntimeException e) {
            return Optional.of(e.getMessage() + " (use bundled, latest, or PEP 508 requirements such as pip>=25)");
        }
    }

    private static void positive(Map<String, String> problems, String key, Duration limit) {
        if (limit.isZero() || limit.isNegative()) {
            // Spelled as in the configuration (0S, -5S), not as Duration prints it (PT-5S).
            problems.put(key, key + " must be a positive duration, got " + limit.toString().substring(2));
        }
    }

    /**
     * The bootstrap options of one environment at run time: {@code pythonPath} is the application's located
     * {@code src/main/python} (none or one), which is also where its project is looked for.
     */
    public static BootstrapOptions options(String name, EnvironmentConfig env, BeepPythonConfig beep, List<String> buildRepositories,
            List<Path> pythonPath) {
        return options(name, env, beep, buildRepositories, pythonPath, pythonPath.stream().findFirst(),
                io.quarkus.runtime.LaunchMode.current() == io.quarkus.runtime.LaunchMode.DEVELOPMENT);
    }

    /**
     * The bootstrap options of one environment; also what the build bakes, so both read the configuration alike.
     *
     * @param applicationPython where the project is looked for: the application's {@code src/main/python} or its copy
     * @param devMode           the project itself, when installed, is installed editable
     */
    public static BootstrapOptions options(String name, EnvironmentConfig env, BeepPythonConfig beep, List<String> buildRepositories,
            List<Path> pythonPath, Optional<Path> applicationPython, boolean devMode) {
        Map<String, String> problems = problems(name, env);
        if (!problems.isEmpty()) {
            throw new ConfigurationException(String.join("; ", problems.values()), problems.keySet());
        }
        List<URI> repositories = env.distribution().mavenRepository().map(List::of)
                .orElseGet(() -> buildRepositories.stream().map(URI::create).toList());
        return BootstrapOptions.builder()
                .environmentName(name)
                .pythonVersion(env.pythonVersion())
                .runtime(InProcessChecks.runtime(env))
                .interpreter(env.interpreter().orElse(null))
                .distribution(new ProvisionRequest(env.pythonVersion(), env.distribution().source(), repositories, env.distribution().mirror(),
                        env.distribution().url(), env.distribution().sha256(), beep.allowInsecureHttp()))
                .template(env.template().orElse(null))
                .profiles(env.profiles().orElse(List.of()))
                .packages(env.packages().orElse(List.of()))
                .requirementsFile(env.requirementsFile().orElse(null))
                .createVirtualEnvironment(env.venv().enabled())
                .virtualEnvironmentPath(env.venv().path().orElse(null))
                .installer(env.installer())
                .sources(new PackageSources(env.indexUrl(), env.extraIndexUrls().orElse(List.of()), env.findLinks().orElse(List.of()),
                        env.offline()))
                .timeout(env.timeout())
                .execTimeout(env.execTimeout())
                .workers(workers(name, env.workers(), pythonPath))
                .autoRepair(env.autoRepair())
                .setAsDefault(env.setAsDefault())
                .seedPackages(env.seedPackages())
                .accelerator(env.accelerator())
                .project(ProjectLocation.of(name, env, applicationPython, devMode).orElse(null))
                .build();
    }

    /** A wrong pool size fails the start (or the bake), naming its key, rather than the first call with the core's words. */
    private static WorkerOptions workers(String name, EnvironmentConfig.WorkersConfig workers, List<Path> pythonPath) {
        String key = ConfigKeyHints.prefix(name) + "workers.";
        if (workers.size() < 1) {
            throw new ConfigurationException(key + "size must be at least 1, got " + workers.size(), Set.of(key + "size"));
        }
        if (workers.queueSize() < 0) {
            throw new ConfigurationException(key + "queue-size must not be negative, got " + workers.queueSize(), Set.of(key + "queue-size"));
        }
        long maxMessage = workers.maxMessageSize().asLongValue();
        if (maxMessage < 1 || maxMessage > WorkerOptions.MAX_MESSAGE_SIZE_LIMIT) {
            throw new ConfigurationException(key + "max-message-size must be between 1 and 1G, got " + maxMessage + " bytes",
                    Set.of(key + "max-message-size"));
        }
        return new WorkerOptions(workers.size(), workers.preload().orElse(List.of()), workers.callTimeout(), workers.maxCalls(),
                workers.queueSize(), pythonPath, (int) maxMessage).withMode(workers.mode());
    }
}

package io.beep.python.bootstrap;

import io.beep.python.packages.Accelerator;
import io.beep.python.packages.InstallerKind;
import io.beep.python.packages.PackageSources;
import io.beep.python.packages.PythonProject;
import io.beep.python.provision.ProvisionRequest;
import io.beep.python.workers.WorkerOptions;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything one bootstrap needs to know. Build with {@link #builder()}; start from a template with
 * {@link EnvironmentTemplates#get(String)}.
 *
 * @param environmentName        the environment's name ({@code default} for the unnamed one)
 * @param pythonVersion          wanted interpreter: {@code 3}, {@code 3.13} or {@code 3.13.5}
 * @param runtime                how to choose the interpreter when {@code interpreter} is absent
 * @param interpreter            an explicit interpreter; overrides {@code runtime}
 * @param distribution           where a managed interpreter comes from; its version is always {@code pythonVersion}
 * @param template               a template name whose profiles come before {@code profiles}
 * @param profiles               package profile names
 * @param packages               PEP 508 requirement strings
 * @param requirementsFile       a requirements.txt or pylock.toml
 * @param createVirtualEnvironment create a venv (else use the base interpreter directly)
 * @param virtualEnvironmentPath where the venv lives; default {@code ${home}/venvs/NAME}
 * @param installer              pip, uv or auto
 * @param sources                package index, extra indexes, find-links, offline
 * @param timeout                time limit for the whole bootstrap (also how long a call waits for readiness)
 * @param setAsDefault           make the chosen interpreter the registry's default
 * @param autoRepair             rebuild a ready environment whose interpreter or venv disappeared
 * @param accelerator            the device deep-learning profiles are built for (auto detects it)
 * @param execTimeout            the default time limit of {@code run(String...)} and {@code exec(String)}
 * @param workers                the warm worker pool of {@code workers()}
 * @param bakedRoot              the application's {@code python/} directory when environments were baked
 *                               into it at build time: a baked environment whose inputs match is used as is
 * @param project                a Python project ({@code pyproject.toml}, maybe a lock) installed before the profiles and packages
 * @param seedPackages           the packaging tools of a new venv: empty or {@code bundled} (the interpreter's own pip),
 *                               {@code latest} (pip, setuptools and wheel from the index), or PEP 508 requirements
 */
public record BootstrapOptions(String environmentName, String pythonVersion, RuntimeMode runtime, Optional<Path> interpreter,
        ProvisionRequest distribution, Optional<String> template, List<String> profiles, List<String> packages,
        Optional<Path> requirementsFile, boolean createVirtualEnvironment, Optional<Path> virtualEnvironmentPath,
        InstallerKind installer, PackageSources sources, Duration timeout, boolean setAsDefault, boolean autoRepair,
        Accelerator accelerator, Duration execTimeout, WorkerOptions workers, Optional<Path> bakedRoot,
        Optional<PythonProject> project, List<String> seedPackages) {

    public static final String DEFAULT_ENVIRONMENT = "default";
    public static final String DEFAULT_PYTHON_VERSION = "3.13";
    public static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(15);
    public static final Duration DEFAULT_EXEC_TIMEOUT = Duration.ofSeconds(60);

    public BootstrapOptions {
        Objects.requireNonNull(environmentName, "environmentName");
        Objects.requireNonNull(pythonVersion, "pythonVersion");
        Objects.requireNonNull(runtime, "runtime");
        // One version for the whole bootstrap: the one it looks for is the one it provisions.
        distribution = Objects.requireNonNull(distribution, "distribution").forVersion(pythonVersion);
        profiles = List.copyOf(profiles);
        packages = List.copyOf(packages);
        Objects.requireNonNull(timeout, "timeout");
        Objects.requireNonNull(accelerator, "accelerator");
        Objects.requireNonNull(execTimeout, "execTimeout");
        Objects.requireNonNull(workers, "workers");
        Objects.requireNonNull(bakedRoot, "bakedRoot");
        Objects.requireNonNull(project, "project");
        seedPackages = List.copyOf(seedPackages);
    }

    /** {@code seed-packages=latest}: what a new venv is upgraded to. */
    public static final List<String> LATEST_SEED = List.of("pip", "setuptools", "wheel");

    /**
     * The requirements a new venv is upgraded to; empty for the interpreter's bundled pip (the default).
     * {@code bundled} and {@code latest} stand alone; anything else must be a PEP 508 requirement.
     */
    public List<String> seedRequirements() {
        if (seedPackages.isEmpty() || seedPackages.equals(List.of("bundled"))) {
            return List.of();
        }
        if (seedPackages.equals(List.of("latest"))) {
            return LATEST_SEED;
        }
        for (String text : seedPackages) {
            if (text.strip().equals("bundled") || text.strip().equals("latest")) {
                throw new IllegalArgumentException("seed-packages '" + text.strip() + "' stands alone, not in a list: " + seedPackages);
            }
        }
        return seedPackages;
    }

    /** The template's profiles, then the listed ones, each once. */
    public List<String> effectiveProfiles() {
        java.util.LinkedHashSet<String> names = new java.util.LinkedHashSet<>();
        template.ifPresent(t -> names.addAll(EnvironmentTemplates.profilesOf(t)));
        names.addAll(profiles);
        return List.copyOf(names);
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        return new Builder(this);
    }

    /** A fluent builder; every field has the default of the configuration reference. */
    public static final class Builder {
        private String environmentName = DEFAULT_ENVIRONMENT;
        private String pythonVersion = DEFAULT_PYTHON_VERSION;
        private RuntimeMode runtime = RuntimeMode.AUTO;
        private Path interpreter;
        private ProvisionRequest distribution = ProvisionRequest.maven(DEFAULT_PYTHON_VERSION, List.of());
        private String template;
        private final List<String> profiles = new ArrayList<>();
        private final List<String> packages = new ArrayList<>();
        private Path requirementsFile;
        private boolean createVirtualEnvironment = true;
        private Path virtualEnvironmentPath;
        private InstallerKind installer = InstallerKind.AUTO;
        private PackageSources sources = PackageSources.defaults();
        private Duration timeout = DEFAULT_TIMEOUT;
        private boolean setAsDefault;
        private boolean autoRepair = true;
        private Accelerator accelerator = Accelerator.AUTO;
        private Duration execTimeout = DEFAULT_EXEC_TIMEOUT;
        private WorkerOptions workers = WorkerOptions.defaults();
        private Path bakedRoot;
        private PythonProject project;
        private List<String> seedPackages = List.of();

        private Builder() {
        }

        private Builder(BootstrapOptions o) {
            environmentName = o.environmentName;
            pythonVersion = o.pythonVersion;
            runtime = o.runtime;
            interpreter = o.interpreter.orElse(null);
            distribution = o.distribution;
            template = o.template.orElse(null);
            profiles.addAll(o.profiles);
            packages.addAll(o.packages);
            requirementsFile = o.requirementsFile.orElse(null);
            createVirtualEnvironment = o.createVirtualEnvironment;
            virtualEnvironmentPath = o.virtualEnvironmentPath.orElse(null);
            installer = o.installer;
            sources = o.sources;
            timeout = o.timeout;
            setAsDefault = o.setAsDefault;
            autoRepair = o.autoRepair;
            accelerator = o.accelerator;
            execTimeout = o.execTimeout;
            workers = o.workers;
            bakedRoot = o.bakedRoot.orElse(null);
            project = o.project.orElse(null);
            seedPackages = o.seedPackages;
        }

        public Builder environmentName(String name) {
            this.environmentName = name;
            return this;
        }

        public Builder pythonVersion(String version) {
            this.pythonVersion = version;
            return this;
        }

        public Builder runtime(RuntimeMode mode) {
            this.runtime = mode;
            return this;
        }

        public Builder interpreter(Path path) {
            this.interpreter = path;
            return this;
        }

        /** Where a managed interpreter comes from; the version it provisions is {@link #pythonVersion(String)}'s. */
        public Builder distribution(ProvisionRequest request) {
            this.distribution = request;
            return this;
        }

        public Builder template(String name) {
            this.template = name;
            return this;
        }

        public Builder profiles(List<String> names) {
            this.profiles.clear();
            this.profiles.addAll(names);
            return this;
        }

        public Builder addProfile(String name) {
            this.profiles.add(name);
            return this;
        }

        public Builder packages(List<String> requirements) {
            this.packages.clear();
            this.packages.addAll(requirements);
            return this;
        }

        public Builder addPackage(String requirement) {
            this.packages.add(requirement);
            return this;
        }

        public Builder requirementsFile(Path file) {
            this.requirementsFile = file;
            return this;
        }

        public Builder createVirtualEnvironment(boolean create) {
            this.createVirtualEnvironment = create;
            return this;
        }

        public Builder virtualEnvironmentPath(Path path) {
            this.virtualEnvironmentPath = path;
            return this;
        }

        public Builder installer(InstallerKind kind) {
            this.installer = kind;
            return this;
        }

        public Builder sources(PackageSources packageSources) {
            this.sources = packageSources;
            return this;
        }

        /** The time limit of the bootstrap; a call waiting for readiness waits as long. */
        public Builder timeout(Duration limit) {
            this.timeout = limit;
            return this;
        }

        /** The default time limit of {@code run(String...)} and {@code exec(String)}. */
        public Builder execTimeout(Duration limit) {
            this.execTimeout = limit;
            return this;
        }

        public Builder workers(WorkerOptions settings) {
            this.workers = settings;
            return this;
        }

        public Builder setAsDefault(boolean value) {
            this.setAsDefault = value;
            return this;
        }

        public Builder autoRepair(boolean value) {
            this.autoRepair = value;
            return this;
        }

        public Builder accelerator(Accelerator value) {
            this.accelerator = value;
            return this;
        }

        /** The application's {@code python/} directory with environments baked at build time; null for none. */
        public Builder bakedRoot(Path root) {
            this.bakedRoot = root;
            return this;
        }

        /** A Python project to install (its dependencies, extras, groups, lock; maybe itself); null for none. */
        public Builder project(PythonProject pythonProject) {
            this.project = pythonProject;
            return this;
        }

        /** {@code bundled} (the default), {@code latest}, or PEP 508 requirements: see {@link BootstrapOptions#seedRequirements()}. */
        public Builder seedPackages(List<String> choice) {
            this.seedPackages = List.copyOf(choice);
            return this;
        }

        public BootstrapOptions build() {
            return new BootstrapOptions(environmentName, pythonVersion, runtime, Optional.ofNullable(interpreter), distribution,
                    Optional.ofNullable(template), profiles, packages, Optional.ofNullable(requirementsFile),
                    createVirtualEnvironment, Optional.ofNullable(virtualEnvironmentPath), installer, sources, timeout,
                    setAsDefault, autoRepair, accelerator, execTimeout, workers, Optional.ofNullable(bakedRoot),
                    Optional.ofNullable(project), seedPackages);
        }
    }
}

package io.beep.python.quarkus;

import io.beep.python.bootstrap.RuntimeMode;
import io.beep.python.bootstrap.StartupMode;
import io.beep.python.packages.Accelerator;
import io.beep.python.packages.InstallerKind;
import io.beep.python.provision.DistributionSource;
import io.beep.python.workers.WorkerMode;
import io.quarkus.runtime.annotations.ConfigDocDefault;
import io.quarkus.runtime.annotations.ConfigGroup;
import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.WithDefault;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/** One Python environment: which interpreter, which venv, which packages, and when it is made. */
@ConfigGroup
public interface EnvironmentConfig {

    /** The wanted interpreter: `3`, `3.13` or `3.13.5`. The newest matching version wins. */
    @WithDefault("3.13")
    String pythonVersion();

    /**
     * How the interpreter is chosen: `auto` uses a matching registered or discovered interpreter and
     * provisions one when there is none; `embedded` always uses a managed interpreter (provisioned
     * once under `${home}/embedded/`); `system` uses a discovered interpreter and never provisions.
     */
    @WithDefault("auto")
    RuntimeMode runtime();

    /**
     * An explicit interpreter, e.g. `/usr/bin/python3.12`; overrides `runtime`. It is used even when its version
     * differs from `python-version` (which defaults to 3.13); the bootstrap then warns, naming both versions.
     */
    Optional<Path> interpreter();

    /** Where a managed interpreter comes from. */
    DistributionConfig distribution();

    /**
     * Make the interpreter this environment uses the registry's default runtime (`runtimes.json`), the one the CLI and
     * other applications on the same home get when they ask for no particular one.
     */
    @WithDefault("false")
    boolean setAsDefault();

    /**
     * A template: `minimal`, `data-science`, `machine-learning`, `web-development` or `full-stack`.
     * Its profiles are installed before `profiles` and `packages`.
     */
    Optional<String> template();

    /** Package profile names, e.g. `base,web`. The defaults are `base`, `data-science`, `machine-learning`, `web`. */
    Optional<List<String>> profiles();

    /**
     * PEP 508 requirement strings, e.g. `requests>=2.31`. Escape a comma inside one requirement with a
     * backslash: {@code numpy>=1.26\,<3}.
     */
    Optional<List<String>> packages();

    /** A `requirements.txt` or `pylock.toml` to install. */
    Optional<Path> requirementsFile();

    /**
     * A Python project to install: a directory holding `pyproject.toml` (and maybe a lock: `pylock.toml`,
     * `uv.lock`, `poetry.lock` or `Pipfile.lock`, the first found is used), or `none`. A relative path is
     * resolved against the application's `src/main/python` (in a packaged application, the copy it carries), so
     * `ml` names `src/main/python/ml`. Unset: `src/main/python` itself for the default environment when it holds a
     * `pyproject.toml`, no project for a named one. A directory without `pyproject.toml` is refused at startup,
     * naming this key.
     */
    @ConfigDocDefault("src/main/python when it holds pyproject.toml (default environment only)")
    Optional<String> project();

    /** The project's `[project.optional-dependencies]` extras to install. */
    Optional<List<String>> projectExtras();

    /** The project's PEP 735 `[dependency-groups]` to install; none by default, so `dev` and `test` stay out. */
    Optional<List<String>> projectGroups();

    /** Refuse a lock that no longer matches the project's `pyproject.toml` (the error names the command that refreshes it). */
    @WithDefault("true")
    boolean projectLockCheck();

    /**
     * Also build and install the project itself (PEP 517), so that its entry points and
     * `importlib.metadata.version(...)` work. Editable in dev mode. Its modules import from
     * `src/main/python` either way.
     */
    @WithDefault("false")
    boolean projectInstall();

    /** The virtual environment. */
    VenvConfig venv();

    /**
     * The packaging tools a new venv gets: `bundled` (the interpreter's own pip, as `python -m venv` seeds it),
     * `latest` (pip, setuptools and wheel upgraded from the package index), or PEP 508 requirements (e.g.
     * `pip==25.2,setuptools>=80`). Their wheels are fetched once per home, Python version, choice and index into the
     * home's seed cache; later venvs are upgraded from there without asking the index. Anything else is refused at
     * startup, naming this key.
     */
    @WithDefault("bundled")
    List<String> seedPackages();

    /**
     * The device deep-learning profiles (`machine-learning`) are installed for: `auto` (CUDA when an
     * NVIDIA driver is present, ROCm when `/opt/rocm` exists, else CPU), `cpu`, `cuda` or `rocm`.
     * It picks the matching PyTorch package index.
     */
    @WithDefault("auto")
    Accelerator accelerator();

    /** Which installer runs: `pip`, `uv`, or `auto` (uv when available, else pip). */
    @WithDefault("auto")
    InstallerKind installer();

    /** The package index, replacing the default one. Unset: pip's own configuration applies. */
    Optional<String> indexUrl();

    /** Additional package indexes. */
    Optional<List<String>> extraIndexUrls();

    /** Local directories or URLs of archives to install from. */
    Optional<List<String>> findLinks();

    /** Never touch the network: install only from `find-links` and what is already there. */
    @WithDefault("false")
    boolean offline();

    /**
     * When the environment is made: `background` (the application starts at once and readiness is
     * DOWN until Python is ready), `blocking` (startup waits; a failure fails startup), `lazy` (the
     * first use of the environment starts it).
     */
    @WithDefault("background")
    StartupMode startup();

    /**
     * The time limit for making the environment (all its stages, downloads and installs included).
     * A call on the environment that needs it ready (`run`, `exec`, `install`, `interpreter`...)
     * while it is still being made (`startup=background` or `lazy`) waits for it as long as this.
     * Zero or negative is refused at startup.
     */
    @WithDefault("15M")
    Duration timeout();

    /**
     * The default time limit of `run(String...)` and `exec(String)` (and of `runAsync`/`execAsync`),
     * counted from when Python starts: past it the process is killed and the call fails naming the
     * limit. `run(List, Duration)` takes its own limit instead. Zero or negative is refused at startup.
     */
    @WithDefault("60S")
    Duration execTimeout();

    /**
     * Rebuild a ready environment whose interpreter or venv disappeared (readiness is DOWN meanwhile).
     * When false it stays DOWN with a message saying what is gone.
     */
    @WithDefault("true")
    boolean autoRepair();

    /** Where a managed interpreter comes from. */
    @ConfigGroup
    interface DistributionConfig {

        /**
         * `maven` (CPython from a Maven repository: `org.bytedeco:cpython`), `python-build-standalone`,
         * or `url` (one archive and its `sha256`).
         */
        @WithDefault("maven")
        DistributionSource source();

        /**
         * Base URL of a Maven repository, e.g. a Nexus or Artifactory proxy. Unset: the remote
         * repositories the application's own Maven build used, recorded at build time. The local
         * repository (`~/.m2/repository`) is always tried first.
         */
        @ConfigDocDefault("the build's repositories")
        Optional<URI> mavenRepository();

        /** Base URL replacing the upstream python-build-standalone release URL. */
        @ConfigDocDefault("upstream release URL")
        Optional<URI> mirror();

        /** The archive to use with `source=url`. */
        Optional<URI> url();

        /** The SHA-256 of `url`'s archive; required with `source=url`. */
        Optional<String> sha256();
    }

    /** The warm worker pool of `workers()`: Python functions called without a process per call. */
    WorkersConfig workers();

    /** The warm worker pool. */
    @ConfigGroup
    interface WorkersConfig {

        /** How many long-lived CPython workers the environment keeps (about one per core the calls may use). */
        @WithDefault("1")
        int size();

        /**
         * Modules each worker imports when it starts (e.g. `numpy,model`). When set, the workers start
         * as the environment becomes ready and readiness waits for them; a module that fails to import
         * fails the environment, naming it.
         */
        Optional<List<String>> preload();

        /**
         * The time limit of one call; past it the worker is killed and replaced, and the call fails naming the limit.
         * Zero or negative is refused at startup.
         */
        @WithDefault("30S")
        Duration callTimeout();

        /** Replace a worker after this many calls (for code that leaks memory). Unset: never. */
        OptionalInt maxCalls();

        /** How many calls may wait for a worker; one more is rejected at once. */
        @WithDefault("1000")
        int queueSize();

        /**
         * The largest message a call may send (its arguments as JSON) or receive (its result or exception): a
         * bigger one fails that call, naming this limit, and a worker that produced it is replaced, so that one
         * huge result cannot exhaust the heap. At most `1G`.
         */
        @WithDefault("64M")
        MemorySize maxMessageSize();

        /**
         * Where `workers()` run the Python functions: `process` (long-lived worker processes: a crash or a stuck C call
         * costs one worker, never the application) or `in-process` (CPython loaded into the JVM: sub-microsecond calls and
         * arrays without a pipe, but a crash in a C extension takes the JVM down). `in-process` needs the provisioned
         * `org.bytedeco:cpython` interpreter of the bindings' version (`distribution.source=maven`, or a baked copy of it);
         * one environment per JVM may use it, and `runtime=auto` then means `embedded`. Anything else is refused at
         * startup, naming this key.
         */
        @WithDefault("process")
        WorkerMode mode();
    }

    /** The virtual environment. */
    @ConfigGroup
    interface VenvConfig {

        /**
         * Create a virtual environment. When false, packages go into the interpreter's own prefix: fine for a managed
         * interpreter (under the home), refused at startup for an externally managed one (PEP 668, e.g. a
         * distribution's `/usr/bin/python3`), naming this key.
         */
        @WithDefault("true")
        boolean enabled();

        /**
         * Where the virtual environment lives: an absolute path. A relative one is refused at startup, as it
         * would depend on the working directory the application happens to start in. Unset, each set of inputs
         * gets its own venv under the home (KEY a digest of them), shared only by applications with the same
         * inputs; a path set here is refused while another running application uses it for other inputs.
         */
        @ConfigDocDefault("${home}/venvs/NAME-KEY")
        Optional<Path> path();
    }
}

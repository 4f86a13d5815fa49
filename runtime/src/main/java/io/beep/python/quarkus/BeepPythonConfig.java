package io.beep.python.quarkus;

import io.quarkus.runtime.annotations.ConfigDocMapKey;
import io.quarkus.runtime.annotations.ConfigDocSection;
import io.quarkus.runtime.annotations.ConfigPhase;
import io.quarkus.runtime.annotations.ConfigRoot;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithDefaults;
import io.smallrye.config.WithName;
import io.smallrye.config.WithParentName;
import io.smallrye.config.WithUnnamedKey;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * Run-time configuration of Beep Python. The unnamed environment is configured directly under
 * `beep.python.`, named ones under `beep.python."NAME".` with the same keys.
 */
@ConfigMapping(prefix = "beep.python")
@ConfigRoot(phase = ConfigPhase.RUN_TIME)
public interface BeepPythonConfig {

    /** The name of the unnamed environment: its venv path, health check and log lines use it. */
    String DEFAULT_ENVIRONMENT = "default";

    /**
     * Where Beep Python keeps its registry (`runtimes.json`), profiles (`package-requirements.json`),
     * managed interpreters (`embedded/`), virtual environments (`venvs/`), verified downloads
     * (`cache/`) and lock files (`locks/`). Defaults to the `BEEP_PYTHON_HOME` environment variable,
     * else `~/.beep-python`. A blank value is refused at startup.
     */
    @WithDefault("${BEEP_PYTHON_HOME:${user.home}/.beep-python}")
    Path home();

    /**
     * Allow downloads over plain HTTP from hosts other than loopback. Leave off: every download is
     * checksum-verified, but HTTPS also keeps what you download private.
     */
    @WithName("allow-insecure-http")
    @WithDefault("false")
    boolean allowInsecureHttp();

    /**
     * How often ready environments are checked (file stats only) for a vanished interpreter or venv.
     */
    @WithName("monitor-interval")
    @WithDefault("10S")
    Duration monitorInterval();

    /**
     * Managed venvs (one per set of inputs, under the home's `venvs/`) that no live process uses and no start
     * used for this long are removed, in the background after an environment is ready. Must be positive; set a
     * long one (`3650D`) to keep them.
     */
    @WithName("gc-after")
    @WithDefault("14D")
    Duration gcAfter();

    /**
     * Patch updates of the interpreters Beep Python provisioned: `off`, or `patch` to look, in the background after an
     * environment is ready and at most once per `runtime-update-interval`, for a newer patch of the minor in use in the
     * distribution source (the Maven repositories' `maven-metadata.xml`, the bundled python-build-standalone catalog;
     * a `url` source has nowhere to look). A newer patch is provisioned and checked beside the one in use; the registry
     * shows `UPDATING` meanwhile, and `ERROR` with the reason when it is refused. System interpreters and baked
     * applications are never updated.
     */
    @WithName("runtime-updates")
    @WithDefault("off")
    RuntimeUpdatePolicy runtimeUpdates();

    /** How often, at most, the distribution source is asked for a newer patch (for all applications sharing the home). */
    @WithName("runtime-update-interval")
    @WithDefault("1D")
    Duration runtimeUpdateInterval();

    /** The values of `beep.python.runtime-updates`. */
    enum RuntimeUpdatePolicy {
        /** Never look for a newer interpreter. */
        OFF,
        /** Look for a newer patch of the minor in use, and provision it in the background. */
        PATCH
    }

    /**
     * Dev mode only: once the default environment is ready, print its interpreter's path (to paste into IntelliJ or
     * PyCharm) and set it as `python.defaultInterpreterPath` in VS Code's `.vscode/settings.json`, merged into the
     * file without touching its other keys. `auto` writes the file only when the project (or a parent, up to the
     * repository's root) has a `.vscode/` folder; `on` also makes one; `off` does neither. Nothing happens outside dev mode.
     */
    @WithName("dev.ide")
    @WithDefault("auto")
    DevIde devIde();

    /** The environments: the unnamed one and every named one. */
    @ConfigDocSection
    @ConfigDocMapKey("environment-name")
    @WithParentName
    @WithDefaults
    @WithUnnamedKey(DEFAULT_ENVIRONMENT)
    Map<String, EnvironmentConfig> environments();
}

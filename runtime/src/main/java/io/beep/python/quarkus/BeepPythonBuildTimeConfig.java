package io.beep.python.quarkus;

import io.quarkus.runtime.annotations.ConfigDocDefault;
import io.quarkus.runtime.annotations.ConfigDocMapKey;
import io.quarkus.runtime.annotations.ConfigGroup;
import io.quarkus.runtime.annotations.ConfigPhase;
import io.quarkus.runtime.annotations.ConfigRoot;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;
import io.smallrye.config.WithParentName;

import java.util.Map;
import java.util.Optional;

/**
 * Build-time configuration of Beep Python. Which named environments exist is also decided at
 * build time: every name used in a {@code beep.python."NAME".*} key or a {@code @PythonEnv("NAME")}
 * injection point.
 */
@ConfigMapping(prefix = "beep.python")
@ConfigRoot(phase = ConfigPhase.BUILD_TIME)
public interface BeepPythonBuildTimeConfig {

    /**
     * Whether the extension provides Python environments at all. When false, no bean is produced
     * and nothing runs at startup.
     */
    @WithDefault("true")
    boolean enabled();

    /**
     * Whether a readiness and a startup health check named `python:NAME` is registered for each
     * environment, when the application has SmallRye Health.
     */
    @WithName("health.enabled")
    @WithDefault("true")
    boolean healthEnabled();

    /**
     * Whether `mvn package` bakes every environment into the application: the build provisions
     * its managed CPython (through the build's own Maven resolution), installs its packages,
     * byte-compiles them, and writes interpreter and packages under `target/quarkus-app/python/`.
     * At run time a baked environment whose python-version and packages match the run-time
     * configuration is used as is: no network, no process, nothing written outside
     * `beep.python.home`. The application directory stays relocatable. A named environment may
     * choose otherwise with `beep.python."NAME".build-time-provisioning`.
     */
    @WithName("build-time-provisioning")
    @WithDefault("false")
    boolean buildTimeProvisioning();

    /** Build-time settings of the named environments (not a section: the run-time one lists the environments' keys). */
    @ConfigDocMapKey("environment-name")
    @WithParentName
    Map<String, EnvironmentBuildTimeConfig> environments();

    /** Whether the environment {@code name} is baked: its own setting, else the global one. */
    default boolean bakes(String name) {
        EnvironmentBuildTimeConfig environment = environments().get(name);
        return environment == null ? buildTimeProvisioning() : environment.buildTimeProvisioning().orElse(buildTimeProvisioning());
    }

    /** Whether any of {@code names} is baked. */
    default boolean bakesAny(Iterable<String> names) {
        for (String name : names) {
            if (bakes(name)) {
                return true;
            }
        }
        return false;
    }

    /** Build-time settings of one named environment. */
    @ConfigGroup
    interface EnvironmentBuildTimeConfig {

        /**
         * Whether this environment is baked into the application (see `beep.python.build-time-provisioning`),
         * so that, e.g., an environment on `runtime=system` is left to run time while another one is baked.
         */
        @WithName("build-time-provisioning")
        @ConfigDocDefault("beep.python.build-time-provisioning")
        Optional<Boolean> buildTimeProvisioning();
    }

    /**
     * Whether Beep Python's meters (bootstrap and stage timers, installs, downloaded bytes, worker calls and pools; listed in
     * the observability guide) are published, when the application has Micrometer. Decided at build time: false leaves the
     * meter code out of the application, as `quarkus.datasource.metrics.enabled` does for datasources.
     */
    @WithName("metrics.enabled")
    @WithDefault("true")
    boolean metricsEnabled();

    /**
     * Whether the read-only JSON endpoint `/q/python` (environments with their status),
     * `/q/python/runtimes` and `/q/python/profiles` is served, when the application has an HTTP
     * server. It is under the non-application root path, so on the management interface when
     * `quarkus.management.enabled=true`. Credentials in URLs are masked; only GET and HEAD are
     * allowed.
     */
    @WithName("management.enabled")
    @WithDefault("false")
    boolean managementEnabled();
}

package io.beep.python.quarkus.management;

import io.beep.python.bootstrap.BootstrapResult;
import io.beep.python.bootstrap.ManagedPythonEnvironment;
import io.beep.python.quarkus.PythonEnvironments;
import io.beep.python.Secrets;
import io.beep.python.registry.PythonRuntimeInfo;
import io.beep.python.registry.PythonRuntimeRegistry;
import io.beep.python.registry.RegistryStatus;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * The three read-only documents of {@code /q/python}: environments, runtimes and profiles. The
 * management endpoint and the Dev UI show the same data, so both build it here.
 */
public final class ManagementViews {

    /** {@code GET /q/python}. */
    public record EnvironmentsDocument(List<EnvironmentView> environments) {
    }

    /**
     * {@code GET /q/python/runtimes}: {@code defaultRuntime} is the pinned runtime's id, or null; {@code status} is the
     * registry's own ({@code NOT_INITIALIZED}, {@code READY}, {@code UPDATING}, {@code ERROR}), {@code statusReason} what
     * is being updated or why it is in error (or null), {@code statusRuntime} the runtime updated or whose update failed.
     */
    @JsonPropertyOrder({"defaultRuntime", "registryFile", "status", "statusReason", "statusRuntime", "runtimes"})
    public record RuntimesDocument(String defaultRuntime, String registryFile, String status, String statusReason, String statusRuntime,
            List<RuntimeView> runtimes) {
    }

    /** {@code GET /q/python/profiles}. */
    @JsonPropertyOrder({"profilesFile", "profiles"})
    public record ProfilesDocument(String profilesFile, List<ProfileView> profiles) {
    }

    private ManagementViews() {
    }

    public static EnvironmentsDocument environments(PythonEnvironments environments) {
        return environments(environments, ManagedPythonEnvironment::result);
    }

    /** @param outcomes the last bootstrap outcome of each environment, where the caller knows better than {@code result()} */
    public static EnvironmentsDocument environments(PythonEnvironments environments,
            Function<ManagedPythonEnvironment, Optional<BootstrapResult>> outcomes) {
        return new EnvironmentsDocument(environments.all().values().stream().map(env -> EnvironmentView.of(env, outcomes.apply(env)))
                .toList());
    }

    /** Reads the registry, discovering interpreters first if nothing has yet (that starts processes: call it off the event loop). */
    public static RuntimesDocument runtimes(PythonEnvironments environments) {
        PythonRuntimeRegistry registry = environments.manager().registry();
        String pinned = registry.getDefaultRuntime().map(PythonRuntimeInfo::id).orElse(null);
        List<RuntimeView> runtimes = registry.list().stream().map(info -> RuntimeView.of(info, info.id().equals(pinned))).toList();
        RegistryStatus status = registry.status(); // after list(): the discovery it may have run is reflected
        return new RuntimesDocument(pinned, registry.registryFile().toString(), status.status().name(),
                status.reason().map(Secrets::mask).orElse(null), status.runtime().orElse(null), runtimes);
    }

    public static ProfilesDocument profiles(PythonEnvironments environments) {
        var profiles = environments.manager().packageRequirements();
        return new ProfilesDocument(profiles.profilesFile().toString(),
                profiles.profiles().values().stream().map(ProfileView::of).toList());
    }
}

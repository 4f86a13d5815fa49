package io.beep.python.quarkus.management;

import io.beep.python.EnvironmentStatus;
import io.beep.python.Secrets;
import io.beep.python.bootstrap.BootstrapOptions;
import io.beep.python.bootstrap.BootstrapResult;
import io.beep.python.bootstrap.ManagedPythonEnvironment;
import io.beep.python.registry.PythonRuntimeInfo;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * One environment as {@code /q/python} and the Dev UI show it: its live status, what it was asked
 * for and, once bootstrapped, what it is. Field names are part of the documented shape
 * (docs/management.md); every text that could carry a URL is masked.
 *
 * @param name          the environment's name ({@code default} for the unnamed one)
 * @param stage         the bootstrap stage, e.g. {@code INSTALLING_PACKAGES} or {@code COMPLETE}
 * @param percent       0-100
 * @param message       what is happening
 * @param ready         whether the stage is COMPLETE
 * @param error         why it failed, when the stage is FAILED, else null
 * @param pythonVersion the interpreter's version once bootstrapped, else null
 * @param interpreter   the python it runs (the venv's), else null
 * @param location      the venv root (or the interpreter's prefix without a venv), else null
 * @param runtimeId     the registry id of the base interpreter, else null
 * @param packages      installed distributions, normalized name to version (empty before the bootstrap)
 * @param request       what the configuration asks for
 */
@JsonPropertyOrder({"name", "stage", "percent", "message", "ready", "error", "pythonVersion", "interpreter", "location", "runtimeId",
        "packages", "request"})
public record EnvironmentView(String name, String stage, int percent, String message, boolean ready, String error, String pythonVersion,
        String interpreter, String location, String runtimeId, Map<String, String> packages, Request request) {

    /**
     * What the configuration asks of the environment.
     *
     * @param pythonVersion  the wanted version, e.g. {@code 3.13}
     * @param runtime        {@code AUTO}, {@code EMBEDDED} or {@code SYSTEM}
     * @param template       the template, or null
     * @param profiles       profile names
     * @param packages       PEP 508 requirements (masked)
     * @param installer      {@code AUTO}, {@code PIP} or {@code UV}
     * @param indexUrl       the package index (credentials masked), or null for pip's own configuration
     * @param extraIndexUrls further indexes (masked)
     * @param offline        whether the network is never used
     * @param venv           whether a virtual environment is made
     */
    @JsonPropertyOrder({"pythonVersion", "runtime", "template", "profiles", "packages", "installer", "indexUrl", "extraIndexUrls", "offline",
            "venv"})
    public record Request(String pythonVersion, String runtime, String template, List<String> profiles, List<String> packages,
            String installer, String indexUrl, List<String> extraIndexUrls, boolean offline, boolean venv) {

        static Request of(BootstrapOptions options) {
            return new Request(options.pythonVersion(), options.runtime().name(), options.template().orElse(null), options.profiles(),
                    masked(options.packages()), options.installer().name(), options.sources().indexUrl().map(Secrets::mask).orElse(null),
                    masked(options.sources().extraIndexUrls()), options.sources().offline(), options.createVirtualEnvironment());
        }
    }

    /** The view of {@code environment} now, with {@code result} its last bootstrap outcome (if known). */
    public static EnvironmentView of(ManagedPythonEnvironment environment, Optional<BootstrapResult> result) {
        EnvironmentStatus status = environment.status();
        Optional<BootstrapResult.Ready> done = result.filter(BootstrapResult.Ready.class::isInstance).map(BootstrapResult.Ready.class::cast);
        return new EnvironmentView(environment.name(), status.stage().name(), status.percent(), Secrets.mask(status.message()),
                status.isReady(), status.error().map(Secrets::mask).orElse(null), done.map(BootstrapResult.Ready::pythonVersion).orElse(null),
                done.map(BootstrapResult.Ready::interpreter).map(Path::toString).orElse(null),
                done.map(BootstrapResult.Ready::location).map(Path::toString).orElse(null),
                done.map(BootstrapResult.Ready::runtime).map(PythonRuntimeInfo::id).orElse(null),
                done.map(r -> (Map<String, String>) new TreeMap<>(r.installedPackages())).orElse(Map.of()),
                Request.of(environment.options()));
    }

    /** The view of {@code environment} with its current outcome. */
    public static EnvironmentView of(ManagedPythonEnvironment environment) {
        return of(environment, environment.result());
    }

    private static List<String> masked(List<String> texts) {
        return texts.stream().map(Secrets::mask).toList();
    }
}

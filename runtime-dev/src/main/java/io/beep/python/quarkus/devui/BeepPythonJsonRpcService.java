package io.beep.python.quarkus.devui;

import io.beep.python.ProcessResult;
import io.beep.python.Secrets;
import io.beep.python.bootstrap.BootstrapResult;
import io.beep.python.bootstrap.ManagedPythonEnvironment;
import io.beep.python.quarkus.PythonEnvironments;
import io.beep.python.quarkus.management.EnvironmentView;
import io.beep.python.quarkus.management.ManagementViews;
import io.beep.python.quarkus.management.ManagementViews.ProfilesDocument;
import io.beep.python.quarkus.management.ManagementViews.RuntimesDocument;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.BackPressureStrategy;
import io.smallrye.mutiny.subscription.MultiEmitter;

import jakarta.annotation.PostConstruct;
import jakarta.inject.Inject;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The Dev UI's JSON-RPC methods of the "Beep Python" card (namespace {@code quarkus-beep-python}).
 * Progress is pushed, not polled: each environment's progress and outcome listeners publish a new
 * snapshot to every open {@link #streamEnvironments()} subscription. Dev mode only: this class lives
 * in the runtime's conditional dev dependency.
 */
public class BeepPythonJsonRpcService {

    /** What running a snippet did. */
    public record SnippetResult(String environment, int exitCode, String stdout, String stderr, long durationMillis, String error) {
    }

    @Inject
    PythonEnvironments environments;

    private final Set<MultiEmitter<? super List<EnvironmentView>>> environmentEmitters = ConcurrentHashMap.newKeySet();
    private final Set<MultiEmitter<? super String>> statusEmitters = ConcurrentHashMap.newKeySet();
    /** The outcome an outcome listener saw: {@code result()} is empty until the bootstrap's future has completed. */
    private final Map<String, BootstrapResult> outcomes = new ConcurrentHashMap<>();

    @PostConstruct
    void listen() {
        environments.all().values().forEach(environment -> {
            environment.addListener(progress -> publish());
            environment.addOutcomeListener(result -> {
                outcomes.put(environment.name(), result);
                publish();
            });
        });
    }

    /** Every environment with its status, interpreter, venv, packages and last error. */
    public List<EnvironmentView> getEnvironments() {
        return snapshot();
    }

    /** The environments again on every progress event of any of them, starting with the current state. */
    public Multi<List<EnvironmentView>> streamEnvironments() {
        return Multi.createFrom().emitter(emitter -> {
            environmentEmitters.add(emitter);
            emitter.onTermination(() -> environmentEmitters.remove(emitter));
            emitter.emit(snapshot());
        }, BackPressureStrategy.LATEST);
    }

    /** The card's label: how many environments are ready, e.g. {@code 1/2 ready}. */
    public String getStatus() {
        return status();
    }

    public Multi<String> streamStatus() {
        return Multi.createFrom().emitter(emitter -> {
            statusEmitters.add(emitter);
            emitter.onTermination(() -> statusEmitters.remove(emitter));
            emitter.emit(status());
        }, BackPressureStrategy.LATEST);
    }

    /** The runtime registry (discovers interpreters on first use). */
    public RuntimesDocument getRuntimes() {
        return ManagementViews.runtimes(environments);
    }

    /** The package profiles. */
    public ProfilesDocument getProfiles() {
        return ManagementViews.profiles(environments);
    }

    /**
     * Bootstraps {@code environment} again, as after a failure or a lost venv (a running bootstrap
     * is left as it is); progress follows on {@link #streamEnvironments()}.
     */
    public EnvironmentView rebootstrap(String environment) {
        ManagedPythonEnvironment target = environments.get(environment);
        target.restart();
        return view(target);
    }

    /** Runs {@code code} with the environment's python ({@code python -c CODE}), waiting for it to be ready first. */
    public Uni<SnippetResult> runSnippet(String environment, String code) {
        ManagedPythonEnvironment target = environments.get(environment);
        return Uni.createFrom().completionStage(target.execAsync(code))
                .map(result -> snippet(environment, result))
                .onFailure().recoverWithItem(error -> new SnippetResult(environment, -1, "", "", 0, Secrets.mask(cause(error).getMessage())));
    }

    private static SnippetResult snippet(String environment, ProcessResult result) {
        return new SnippetResult(environment, result.exitCode(), result.stdout(), result.stderr(), result.duration().toMillis(), null);
    }

    private static Throwable cause(Throwable error) {
        return error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
    }

    private void publish() {
        if (!environmentEmitters.isEmpty()) {
            List<EnvironmentView> snapshot = snapshot();
            environmentEmitters.forEach(emitter -> emitter.emit(snapshot));
        }
        if (!statusEmitters.isEmpty()) {
            String status = status();
            statusEmitters.forEach(emitter -> emitter.emit(status));
        }
    }

    private List<EnvironmentView> snapshot() {
        return ManagementViews.environments(environments, this::outcome).environments();
    }

    private EnvironmentView view(ManagedPythonEnvironment environment) {
        return EnvironmentView.of(environment, outcome(environment));
    }

    private Optional<BootstrapResult> outcome(ManagedPythonEnvironment environment) {
        return environment.result().or(() -> Optional.ofNullable(outcomes.get(environment.name())));
    }

    private String status() {
        long ready = environments.all().values().stream().filter(ManagedPythonEnvironment::isReady).count();
        long failed = environments.all().values().stream().filter(e -> e.status().isFailed()).count();
        return ready + "/" + environments.all().size() + " ready" + (failed > 0 ? ", " + failed + " failed" : "");
    }
}

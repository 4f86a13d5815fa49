package io.beep.python.bootstrap;

import io.beep.python.BootstrapStage;
import io.beep.python.packages.InstallProgress;
import io.beep.python.process.Durations;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Reports one bootstrap's progress: stage changes, a percent that never decreases, download
 * bytes, the duration of every finished stage, and one INFO line per finished stage.
 */
final class StageTracker {

    private static final System.Logger LOG = System.getLogger(PythonBootstrapManager.class.getName());

    /** Where each stage starts on the 0-100 scale; provisioning fills its span with download bytes. */
    private static final Map<BootstrapStage, Integer> START = new EnumMap<>(Map.of(
            BootstrapStage.INITIALIZING, 0,
            BootstrapStage.INITIALIZING_REGISTRY, 5,
            BootstrapStage.LOADING_PROFILES, 10,
            BootstrapStage.CHECKING_RUNTIME, 15,
            BootstrapStage.PROVISIONING_PYTHON, 20,
            BootstrapStage.REGISTERING_RUNTIME, 50,
            BootstrapStage.CREATING_VIRTUAL_ENV, 55,
            BootstrapStage.INSTALLING_PACKAGES, 65,
            BootstrapStage.VERIFYING, 90,
            BootstrapStage.COMPLETE, 100));

    private final String environment;
    private final Consumer<BootstrapProgress> listener;
    private final Map<BootstrapStage, Duration> durations = new EnumMap<>(BootstrapStage.class);
    private BootstrapStage stage = BootstrapStage.INITIALIZING;
    private boolean started;
    private long stageStart = System.nanoTime();
    private int percent;
    private String message = "";

    StageTracker(String environment, Consumer<BootstrapProgress> listener) {
        this.environment = environment;
        this.listener = listener;
    }

    BootstrapStage stage() {
        return stage;
    }

    Map<BootstrapStage, Duration> durations() {
        return durations;
    }

    void begin(BootstrapStage next, String text) {
        finishStage();
        stage = next;
        stageStart = System.nanoTime();
        emit(Math.max(percent, START.getOrDefault(next, percent)), text, 0, 0);
    }

    /** A message within the current stage, at the same percent. */
    void note(String text) {
        emit(percent, text, 0, 0);
    }

    /** Download progress while provisioning: fills the span up to the next stage's start. */
    void bytes(long done, long total) {
        int from = START.get(BootstrapStage.PROVISIONING_PYTHON);
        int to = START.get(BootstrapStage.REGISTERING_RUNTIME) - 1;
        int at = total > 0 ? from + (int) ((to - from) * Math.min(1.0, (double) done / total)) : percent;
        emit(Math.max(percent, at), message, done, total);
    }

    /**
     * What the installer reports while INSTALLING_PACKAGES: resolving and fetching climbs the first 60% of the stage's span
     * one step per package collected (their number is unknown until the installer has resolved them all), writing the
     * rest by packages done of total. The percent never goes back, also across the several installs of one bootstrap.
     */
    void installing(InstallProgress report) {
        int from = START.get(BootstrapStage.INSTALLING_PACKAGES);
        int span = START.get(BootstrapStage.VERIFYING) - 1 - from;
        int resolving = span * 6 / 10;
        int at;
        if (report.installing() && report.itemsTotal() > 0) {
            at = from + resolving + (int) ((span - resolving) * Math.min(1.0, (double) report.itemsDone() / report.itemsTotal()));
        } else {
            // Each package collected closes a fifth of the distance that is left: many packages approach the end, never pass it.
            at = from + (int) (resolving * (1 - Math.pow(0.8, Math.max(0, report.itemsDone()))));
        }
        percent = Math.max(percent, Math.min(at, from + span));
        message = report.message();
        listener.accept(new BootstrapProgress(environment, stage, percent, message, report.bytesDone(), report.bytesTotal(),
                report.itemsDone(), report.itemsTotal()));
    }

    void complete(String text) {
        finishStage();
        stage = BootstrapStage.COMPLETE;
        emit(100, text, 0, 0);
    }

    void fail(String text) {
        finishStage();
        stage = BootstrapStage.FAILED;
        emit(percent, text, 0, 0);
    }

    private void finishStage() {
        if (!started) {
            // The first begin() opens INITIALIZING; there is no earlier stage to close.
            started = true;
            return;
        }
        if (stage.isTerminal()) {
            return;
        }
        Duration took = Duration.ofNanos(System.nanoTime() - stageStart);
        durations.merge(stage, took, Duration::plus);
        LOG.log(System.Logger.Level.INFO, () -> "Python environment '" + environment + "': " + stage + " took " + Durations.human(took));
    }

    private void emit(int newPercent, String text, long done, long total) {
        percent = newPercent;
        message = text;
        listener.accept(new BootstrapProgress(environment, stage, percent, text, done, total));
    }
}

package io.beep.python.bootstrap;

import io.beep.python.BootstrapStage;

import java.util.Locale;
import java.util.function.Consumer;

/**
 * A bake's progress as INFO lines in the build log: the build runs for minutes with nothing else to watch. One line per
 * stage, per package the installer reports, and per tenth of a download or unpacking; not one per event (pip reports
 * its bytes four times a second).
 */
final class BakeProgressLog implements Consumer<BootstrapProgress> {

    private static final System.Logger LOG = System.getLogger(EnvironmentBaker.class.getName());

    private BootstrapStage stage;
    private int items = -1;
    private int itemsTotal;
    private long tenth = -1;

    @Override
    public synchronized void accept(BootstrapProgress progress) {
        if (!worthALine(progress)) {
            return;
        }
        StringBuilder line = new StringBuilder("Baking Python environment '").append(progress.environment()).append("': ")
                .append(progress.stage()).append(' ').append(progress.percent()).append("% ").append(progress.message());
        if (progress.itemsTotal() != 0) {
            line.append(" (").append(progress.itemsDone()).append(progress.itemsTotal() > 0 ? " of " + progress.itemsTotal() : "")
                    .append(" packages");
            line.append(progress.bytesDone() > 0 ? ", " + mib(progress.bytesDone()) + ")" : ")");
        } else if (progress.bytesDone() > 0) {
            line.append(" (").append(mib(progress.bytesDone())).append(progress.bytesTotal() > 0 ? " of " + mib(progress.bytesTotal()) : "")
                    .append(')');
        }
        LOG.log(System.Logger.Level.INFO, line.toString());
    }

    private boolean worthALine(BootstrapProgress progress) {
        if (progress.stage() != stage) {
            stage = progress.stage();
            items = progress.itemsDone();
            itemsTotal = progress.itemsTotal();
            tenth = -1;
            return true;
        }
        if (progress.itemsDone() != items || progress.itemsTotal() != itemsTotal) {
            items = progress.itemsDone();
            itemsTotal = progress.itemsTotal();
            return true;
        }
        if (progress.bytesTotal() > 0) {
            long now = progress.bytesDone() * 10 / progress.bytesTotal();
            if (now != tenth) {
                tenth = now;
                return true;
            }
        }
        return false;
    }

    private static String mib(long bytes) {
        return String.format(Locale.ROOT, "%.1f MiB", bytes / (1024.0 * 1024.0));
    }
}

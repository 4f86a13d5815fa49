package io.beep.python.cli;

import io.beep.python.BootstrapStage;
import io.beep.python.bootstrap.BootstrapProgress;

import java.io.PrintStream;
import java.util.Locale;

/**
 * Shows progress: on a terminal one status line redrawn in place ({@code \r}) with a bar, bytes and
 * percent while downloading; elsewhere plain lines (one per stage, one per quarter of a download),
 * which read well in a CI log. The core reports through {@link BootstrapProgress} and
 * {@code DownloadListener}; both come here.
 */
abstract class Progress {

    /** A step begins, e.g. "Provisioning Python 3.13". */
    abstract void step(String text);

    /** {@code done} of {@code total} bytes downloaded ({@code total} -1 when unknown). */
    abstract void bytes(long done, long total);

    /** The line is finished (the terminal gets its newline). */
    abstract void done();

    /** A bootstrap's event: a new stage is a step, bytes while provisioning are a download. */
    final void bootstrap(BootstrapProgress event) {
        if (event.stage() == BootstrapStage.COMPLETE || event.stage() == BootstrapStage.FAILED) {
            done();
            return;
        }
        if (event.bytesTotal() != 0 && event.bytesDone() > 0) {
            bytes(event.bytesDone(), event.bytesTotal());
        } else {
            step(event.message());
        }
    }

    static Progress silent() {
        return new Progress() {
            void step(String text) {
            }

            void bytes(long done, long total) {
            }

            void done() {
            }
        };
    }

    static Progress lines(PrintStream err) {
        return new Lines(err);
    }

    static Progress bar(PrintStream err) {
        return new Bar(err);
    }

    static String size(long bytes) {
        return String.format(Locale.ROOT, "%.1f MiB", bytes / (1024.0 * 1024.0));
    }

    static int percent(long done, long total) {
        return total <= 0 ? -1 : (int) Math.min(100, done * 100 / total);
    }

    /** Plain lines: a step once, a download at 0, 25, 50, 75 and 100 percent. */
    private static final class Lines extends Progress {
        private final PrintStream err;
        private String lastStep;
        private int lastQuarter = -1;

        Lines(PrintStream err) {
            this.err = err;
        }

        @Override
        synchronized void step(String text) {
            if (!text.equals(lastStep)) {
                lastStep = text;
                lastQuarter = -1;
                err.println(text);
            }
        }

        @Override
        synchronized void bytes(long done, long total) {
            int percent = percent(done, total);
            int quarter = percent < 0 ? (int) (done / (16L << 20)) : percent / 25;
            if (quarter != lastQuarter) {
                lastQuarter = quarter;
                err.println(percent < 0 ? "downloaded " + size(done)
                        : "downloaded " + size(done) + " of " + size(total) + " (" + percent + "%)");
            }
        }

        @Override
        void done() {
        }
    }

    /** One line redrawn in place, at most every 50 ms (and always when the percent changes). */
    private static final class Bar extends Progress {
        private static final int WIDTH = 30;
        private final PrintStream err;
        private String step = "";
        private long lastDraw;
        private int lastPercent = -2;
        private boolean open;

        Bar(PrintStream err) {
            this.err = err;
        }

        @Override
        synchronized void step(String text) {
            if (!text.equals(step)) {
                step = text;
                lastPercent = -2;
                draw(step);
            }
        }

        @Override
        synchronized void bytes(long done, long total) {
            int percent = percent(done, total);
            long now = System.nanoTime();
            if (percent == lastPercent && now - lastDraw < 50_000_000L) {
                return;
            }
            lastPercent = percent;
            lastDraw = now;
            if (percent < 0) {
                draw(step + "  " + size(done));
                return;
            }
            int filled = percent * WIDTH / 100;
            draw(String.format(Locale.ROOT, "%s [%s%s] %3d%%  %s / %s", step, "#".repeat(filled), "-".repeat(WIDTH - filled), percent,
                    size(done), size(total)));
        }

        private void draw(String text) {
            err.print("\r\033[K" + text);
            err.flush();
            open = true;
        }

        @Override
        synchronized void done() {
            if (open) {
                err.println();
                open = false;
            }
        }
    }
}

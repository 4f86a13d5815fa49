package io.beep.python.packages;

import java.util.Locale;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads an installer's output line by line, as it runs, into {@link InstallProgress}. What each installer prints
 * reliably, also when its output is not a terminal:
 * <ul>
 * <li>pip: {@code Collecting NAME} per package it resolves, {@code Downloading URL (945 bytes)} / {@code (2.3 MB)}
 * before a file, {@code Progress DONE of TOTAL} while it downloads with {@code --progress-bar raw} (pip 24.1+, files
 * large enough for a bar), {@code Installing collected packages: a, b, c} before writing, {@code Successfully
 * installed ...} at the end.</li>
 * <li>uv: {@code Resolved N packages}, {@code Prepared N packages} (fetched and built), {@code Installed N packages}
 * on stderr; its bars are drawn only on a terminal, so it reports no bytes.</li>
 * </ul>
 * Lines arrive on the process's reader threads; each call is synchronized.
 */
final class InstallerProgress implements Consumer<String> {

    private static final Pattern PIP_DOWNLOADING = Pattern.compile("^\\s*Downloading \\S+ \\(([\\d.]+) (bytes|kB|MB|GB)\\)");
    private static final Pattern PIP_PROGRESS = Pattern.compile("^\\s*Progress (\\d+) of (\\d+)\\s*$");
    private static final Pattern PIP_INSTALLING = Pattern.compile("^Installing collected packages: (.+)$");
    private static final Pattern UV_COUNT = Pattern.compile("^(Resolved|Prepared|Installed|Uninstalled) (\\d+) packages?\\b.*");

    private final boolean pip;
    private final Consumer<InstallProgress> listener;
    private int done;
    private int total = -1;
    private long bytesFinished;
    private long bytesCurrent;
    private long currentSize;
    private boolean installing;

    private InstallerProgress(boolean pip, Consumer<InstallProgress> listener) {
        this.pip = pip;
        this.listener = listener;
    }

    static InstallerProgress pip(Consumer<InstallProgress> listener) {
        return new InstallerProgress(true, listener);
    }

    static InstallerProgress uv(Consumer<InstallProgress> listener) {
        return new InstallerProgress(false, listener);
    }

    @Override
    public synchronized void accept(String line) {
        if (pip ? pipLine(line) : uvLine(line)) {
            listener.accept(new InstallProgress(done, total, bytesFinished + bytesCurrent, -1, line.strip(), installing));
        }
    }

    /** At the end of a successful run every package is in, whatever was printed. */
    synchronized void finished() {
        if (total >= 0 && done < total) {
            done = total;
            listener.accept(new InstallProgress(done, total, bytesFinished + bytesCurrent, -1, "Installed " + total + " packages", true));
        }
    }

    private boolean pipLine(String line) {
        Matcher m;
        if (line.startsWith("Collecting ")) {
            closeDownload();
            done++;
            return true;
        }
        if ((m = PIP_DOWNLOADING.matcher(line)).find()) {
            closeDownload();
            currentSize = size(m.group(1), m.group(2));
            bytesCurrent = 0;
            return true;
        }
        if ((m = PIP_PROGRESS.matcher(line)).matches()) {
            bytesCurrent = Long.parseLong(m.group(1));
            return true;
        }
        if ((m = PIP_INSTALLING.matcher(line)).matches()) {
            closeDownload();
            total = m.group(1).split(",").length;
            done = 0;
            installing = true;
            return true;
        }
        if (line.startsWith("Successfully installed ")) {
            done = Math.max(total, 0);
            return true;
        }
        return false;
    }

    private boolean uvLine(String line) {
        Matcher m = UV_COUNT.matcher(line.strip());
        if (!m.matches()) {
            return false;
        }
        int count = Integer.parseInt(m.group(2));
        switch (m.group(1)) {
            case "Resolved" -> total = count;
            case "Prepared" -> {
                done = Math.max(done, count);
                installing = true;
            }
            case "Installed" -> {
                // Resolved counted what was already there too; Installed is what this run wrote.
                installing = true;
                total = count;
                done = count;
            }
            default -> {
                return false;
            }
        }
        return true;
    }

    /** The download before this line is complete: its announced size counts whole. */
    private void closeDownload() {
        bytesFinished += Math.max(currentSize, bytesCurrent);
        currentSize = 0;
        bytesCurrent = 0;
    }

    /** pip's sizes are rounded for people ({@code 2.3 MB}, powers of 1000); close enough for a progress figure. */
    static long size(String number, String unit) {
        double value = Double.parseDouble(number);
        return (long) (value * switch (unit.toLowerCase(Locale.ROOT)) {
            case "kb" -> 1_000L;
            case "mb" -> 1_000_000L;
            case "gb" -> 1_000_000_000L;
            default -> 1L;
        });
    }
}

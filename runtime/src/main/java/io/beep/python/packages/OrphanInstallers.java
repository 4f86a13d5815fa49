package io.beep.python.packages;

import io.beep.python.process.Cancellation;

import java.lang.System.Logger.Level;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * pip or uv processes still writing into an environment after the JVM that started them was killed
 * ({@code kill -9} leaves its children running). Whoever holds the environment's install lock knows
 * that no live JVM is installing there, so any such process is an orphan: it is given a short
 * while to finish, then killed, before anything reads or changes the environment. Only processes
 * this OS user can see are found (not those of another container sharing the volume).
 */
final class OrphanInstallers {

    private static final System.Logger LOG = System.getLogger(OrphanInstallers.class.getName());
    static final Duration GRACE = Duration.ofSeconds(30);

    private OrphanInstallers() {
    }

    /** Waits up to {@link #GRACE} for orphaned installers of {@code python}'s environment to exit, then kills those left. */
    static void settle(Path python, Cancellation cancellation) {
        settle(python, cancellation, GRACE);
    }

    /** As {@link #settle(Path, Cancellation)} with another grace: tests prove the wait and the kill in seconds, not 30. */
    static void settle(Path python, Cancellation cancellation, Duration grace) {
        List<ProcessHandle> orphans = find(python);
        if (orphans.isEmpty()) {
            return;
        }
        LOG.log(Level.WARNING, "Waiting for {0} installer process(es) left by a stopped application in {1}: {2}", orphans.size(),
                python, orphans.stream().map(p -> Long.toString(p.pid())).toList());
        long end = System.nanoTime() + grace.toNanos();
        for (ProcessHandle orphan : orphans) {
            while (orphan.isAlive() && System.nanoTime() < end) {
                cancellation.throwIfCancelled();
                try {
                    orphan.onExit().get(100, TimeUnit.MILLISECONDS);
                } catch (java.util.concurrent.TimeoutException | java.util.concurrent.ExecutionException e) {
                    // Still running.
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
            if (orphan.isAlive()) {
                LOG.log(Level.WARNING, "Killing installer process {0}, still writing into {1} after {2} s", orphan.pid(), python,
                        grace.toSeconds());
                orphan.descendants().forEach(ProcessHandle::destroyForcibly);
                orphan.destroyForcibly();
                orphan.onExit().join();
            }
        }
    }

    /**
     * pip ({@code PYTHON -m pip install ...}) or uv ({@code uv pip install ... --python PYTHON}) processes naming this
     * interpreter, other than this JVM's own children (a sibling thread's install, which the lock already orders).
     */
    static List<ProcessHandle> find(Path python) {
        String executable = python.toAbsolutePath().toString();
        long self = ProcessHandle.current().pid();
        return ProcessHandle.allProcesses().filter(p -> p.pid() != self).filter(p -> {
            String line = commandLine(p);
            // Writers only: "pip download" (fetching uv) and "pip --version" change nothing in the environment.
            return line.contains(executable) && (line.contains(" pip install") || line.contains(" pip uninstall") || line.contains(" pip sync"));
        }).filter(p -> p.parent().map(parent -> parent.pid() != self).orElse(true)).toList();
    }

    /**
     * The command line as started. On Linux from {@code /proc/PID/cmdline}: the JDK's
     * {@code commandLine()} puts the resolved executable first, and a venv's python is a link to the
     * base interpreter, so the venv would not show.
     */
    private static String commandLine(ProcessHandle process) {
        try {
            byte[] raw = java.nio.file.Files.readAllBytes(Path.of("/proc", Long.toString(process.pid()), "cmdline"));
            return new String(raw, java.nio.charset.StandardCharsets.UTF_8).replace('\0', ' ');
        } catch (java.io.IOException | RuntimeException e) {
            return process.info().commandLine().orElse("");
        }
    }
}

package io.beep.python.quarkus;

import io.beep.python.bootstrap.ManagedPythonEnvironment;
import io.beep.python.workers.WorkerMode;

import org.jboss.logging.Logger;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Dev mode: watches the application's {@code src/main/python} and, when something in it changes,
 * brings every environment's workers to the new code (the application itself is not restarted): worker
 * processes are replaced, in-process the changed modules are imported again. Changes that
 * come together (an editor saving several files) reload once.
 */
final class ApplicationPythonWatcher implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(ApplicationPythonWatcher.class);
    private static final long SETTLE_MILLIS = 200;

    private final Path root;
    private final Collection<ManagedPythonEnvironment> environments;
    private final WatchService watcher;
    private final Thread thread;

    private ApplicationPythonWatcher(Path root, Collection<ManagedPythonEnvironment> environments) throws IOException {
        this.root = root;
        this.environments = environments;
        this.watcher = FileSystems.getDefault().newWatchService();
        registerTree(root);
        this.thread = new Thread(this::watch, "beep-python-source-watcher");
        thread.setDaemon(true);
        thread.start();
    }

    static ApplicationPythonWatcher start(Path root, Collection<ManagedPythonEnvironment> environments) {
        try {
            return new ApplicationPythonWatcher(root, environments);
        } catch (IOException e) {
            LOG.warnf("Cannot watch %s for changes (%s): restart the application to use new Python code", root, e.getMessage());
            return null;
        }
    }

    private void watch() {
        try {
            while (true) {
                WatchKey key = watcher.take();
                boolean changed = drain(key);
                // Let a burst of saves settle, then reload once for all of them.
                WatchKey more;
                while ((more = watcher.poll(SETTLE_MILLIS, TimeUnit.MILLISECONDS)) != null) {
                    changed |= drain(more);
                }
                if (changed) {
                    LOG.info(reloadMessage(root, modes()));
                    environments.forEach(ManagedPythonEnvironment::reloadWorkers);
                }
            }
        } catch (InterruptedException | ClosedWatchServiceException e) {
            // closed
        }
    }

    private Map<String, WorkerMode> modes() {
        Map<String, WorkerMode> modes = new TreeMap<>();
        environments.forEach(e -> modes.put(e.name(), e.options().workers().mode()));
        return modes;
    }

    /**
     * What a change does, said per mode: worker processes are replaced, while in-process the interpreter stays and
     * the changed modules are imported again before the next call (CPython cannot be restarted in a JVM). A change
     * of a project's {@code pyproject.toml} or lock is the dev-mode restart's, which brings the environment to the new set.
     */
    static String reloadMessage(Path root, Map<String, WorkerMode> modes) {
        List<String> processes = new ArrayList<>();
        List<String> inProcess = new ArrayList<>();
        modes.forEach((name, mode) -> (mode == WorkerMode.IN_PROCESS ? inProcess : processes).add("'" + name + "'"));
        List<String> actions = new ArrayList<>();
        if (!processes.isEmpty()) {
            actions.add("replacing the Python worker processes of " + String.join(", ", processes));
        }
        if (!inProcess.isEmpty()) {
            actions.add("re-importing the changed modules in-process before the next call of " + String.join(", ", inProcess)
                    + " (the interpreter stays)");
        }
        return root + " changed: " + (actions.isEmpty() ? "no environment to update" : String.join("; ", actions));
    }

    private boolean drain(WatchKey key) {
        boolean changed = false;
        Path dir = (Path) key.watchable();
        for (WatchEvent<?> event : key.pollEvents()) {
            if (event.kind() == StandardWatchEventKinds.OVERFLOW) {
                changed = true;
                continue;
            }
            Path path = dir.resolve((Path) event.context());
            if (!ApplicationPythonSources.isSource(root.relativize(path))) {
                continue;
            }
            if (event.kind() == StandardWatchEventKinds.ENTRY_CREATE && Files.isDirectory(path)) {
                try {
                    registerTree(path);
                } catch (IOException e) {
                    LOG.debugf(e, "Cannot watch %s", path);
                }
            }
            changed = true;
        }
        key.reset();
        return changed;
    }

    private void registerTree(Path dir) throws IOException {
        try (Stream<Path> dirs = Files.walk(dir)) {
            for (Path d : (Iterable<Path>) dirs.filter(Files::isDirectory)::iterator) {
                if (d.equals(root) || ApplicationPythonSources.isSource(root.relativize(d))) {
                    d.register(watcher, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_MODIFY,
                            StandardWatchEventKinds.ENTRY_DELETE);
                }
            }
        }
    }

    @Override
    public void close() {
        try {
            watcher.close();
        } catch (IOException e) {
            // closing only
        }
        thread.interrupt();
    }
}

package io.beep.python.bootstrap;

import io.beep.python.venv.VenvUsers;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * The venv each environment of one manager uses now: taken when a bootstrap is ready, under the venv's bootstrap
 * lock; ended when the environment bootstraps again (it may move to another venv, or rebuild its own) or closes.
 */
final class EnvironmentUses {

    private final Map<String, VenvUsers.Use> uses = new HashMap<>();

    /** {@code environment} uses {@code venv} from now on, and no longer the one it used before. */
    synchronized void hold(String environment, Path venv, java.util.List<String> warnings) {
        VenvUsers.Use use;
        try {
            use = VenvUsers.use(venv);
        } catch (io.beep.python.venv.VenvException e) {
            // A read-only venv: nobody could change it anyway; ready all the same.
            warnings.add(e.getMessage());
            return;
        }
        VenvUsers.Use before = uses.put(environment, use);
        if (before != null) {
            before.close();
        }
    }

    /**
     * Ends {@code environment}'s use of {@code venv} only: its own use must not stop it rebuilding that venv, while
     * a bootstrap of another venv for it (a run-time install's derived one) keeps the current one until it is ready.
     */
    synchronized void releaseIf(String environment, Path venv) {
        VenvUsers.Use current = uses.get(environment);
        if (current != null && current.venv().equals(venv.toAbsolutePath().normalize())) {
            uses.remove(environment).close();
        }
    }

    /** {@code environment} no longer uses a venv. */
    synchronized void release(String environment) {
        VenvUsers.Use before = uses.remove(environment);
        if (before != null) {
            before.close();
        }
    }
}

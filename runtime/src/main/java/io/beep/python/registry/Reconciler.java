package io.beep.python.registry;

import io.beep.python.process.Cancellation;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Brings what {@code runtimes.json} says in line with what discovery finds now, running the probe only
 * where the cache cannot answer.
 */
final class Reconciler {

    private final RuntimeStore store;
    private final Interrogator interrogator;
    private final Clock clock;

    Reconciler(RuntimeStore store, Interrogator interrogator, Clock clock) {
        this.store = store;
        this.interrogator = interrogator;
        this.clock = clock;
    }

    /**
     * Brings {@code loaded} in line with {@code discovered}: unchanged interpreters keep their cached
     * entry, new and changed ones are probed, vanished discovered ones are dropped, vanished registered
     * ones become ERROR. Writes (merging under the lock) only when something changed.
     */
    RuntimeStore.Snapshot reconcile(RuntimeStore.Snapshot loaded, List<Candidate> discovered, boolean force,
            Cancellation cancellation) {
        Instant now = clock.instant();
        Map<String, RuntimeEntry> byKey = new HashMap<>();
        loaded.entries().values().forEach(entry -> byKey.putIfAbsent(entry.key(), entry));

        List<Candidate> toProbe = new ArrayList<>();
        List<RuntimeEntry> upserts = new ArrayList<>();
        List<String> removals = new ArrayList<>();
        Set<String> seenKeys = new HashSet<>();
        for (Candidate candidate : discovered) {
            seenKeys.add(candidate.file().key());
            RuntimeEntry cached = byKey.get(candidate.file().key());
            if (force || cached == null || !candidate.file().sameAs(cached.realPath(), cached.size(), cached.modified())) {
                toProbe.add(candidate);
            }
        }
        for (RuntimeEntry entry : loaded.entries().values()) {
            if (seenKeys.contains(entry.key())) {
                continue;
            }
            Optional<InterpreterFile> file = InterpreterFile.of(Path.of(entry.executable()));
            if (file.isEmpty()) {
                if (!entry.registered()) {
                    removals.add(entry.id());
                } else if (entry.status() != PythonRuntimeStatus.ERROR || !vanished(entry).equals(entry.error())) {
                    upserts.add(entry.inError(vanished(entry), now));
                }
            } else if (force || !file.get().sameAs(entry.realPath(), entry.size(), entry.modified())) {
                toProbe.add(new Candidate(file.get(), entry.source(), entry.type()));
            }
        }

        List<Interrogator.Outcome> outcomes = interrogator.probeAll(toProbe.stream().map(c -> c.file().executable()).toList(),
                cancellation);
        for (int i = 0; i < toProbe.size(); i++) {
            Candidate candidate = toProbe.get(i);
            Interrogator.Outcome outcome = outcomes.get(i);
            RuntimeEntry previous = byKey.get(candidate.file().key());
            if (outcome.ok()) {
                upserts.add(RuntimeEntry.probed(candidate, outcome.result(), now).keepingRegistrationOf(previous));
            } else {
                upserts.add(previous != null ? previous.failedAgain(candidate, outcome.failure(), now)
                        : RuntimeEntry.failed(candidate, outcome.failure(), now));
            }
        }

        if (upserts.isEmpty() && removals.isEmpty()) {
            return loaded;
        }
        return store.update(current -> current.merge(upserts, removals, null));
    }

    private static String vanished(RuntimeEntry entry) {
        return "executable " + entry.executable() + " no longer exists";
    }
}

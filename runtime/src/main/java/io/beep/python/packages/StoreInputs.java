package io.beep.python.packages;

import io.beep.python.packages.lock.LockFile;
import io.beep.python.packages.store.DistributionStore;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** What an install tells the {@link DistributionStore}: the key of its set, and the distributions to keep. */
final class StoreInputs {

    private StoreInputs() {
    }

    /**
     * The key of an install of plain requirements into a fresh venv; empty when the store cannot serve it
     * (a requirements file, hashes or no-deps, no venv, a venv that already holds more than its seed, Windows).
     */
    static Optional<String> key(DistributionStore store, InstallRun.Job job, Map<String, String> markers,
            Map<String, InstalledDistribution> before) {
        if (job.forSatisfaction() == null || job.noDependencies() || job.requireHashes() || !job.arguments().equals(job.requested())
                || !store.serves(before.keySet())) {
            return Optional.empty();
        }
        Optional<Path> venv = TargetVenv.root(job.python());
        if (venv.isEmpty()) {
            return Optional.empty();
        }
        List<String> inputs = new ArrayList<>();
        new TreeMap<>(markers).forEach((k, v) -> inputs.add("marker " + k + "=" + v));
        job.requested().stream().sorted().forEach(r -> inputs.add("requirement " + r));
        inputs.add("installer " + job.kind());
        inputs.add("sources " + job.sources());
        new TreeMap<>(PipConfiguration.load(System.getenv(), Path.of(System.getProperty("user.home")), venv).toUvEnvironment())
                .forEach((k, v) -> inputs.add("pip-config " + k + "=" + v));
        before.values().stream().map(d -> "before " + d.name() + "==" + d.version()).sorted().forEach(inputs::add);
        return Optional.of(store.key(inputs));
    }

    /**
     * The distributions the install {@code changed}, as the store keeps them, with the wheel hashes of the installer's
     * report ({@code locked}); empty when one of them is not installed after all.
     */
    static Optional<List<DistributionStore.Installed>> kept(Map<String, String> changed, Map<String, InstalledDistribution> after,
            Map<String, LockFile.Package> locked) {
        List<DistributionStore.Installed> kept = new ArrayList<>();
        for (String name : new LinkedHashSet<>(changed.keySet())) {
            InstalledDistribution dist = after.get(name);
            if (dist == null) {
                return Optional.empty();
            }
            kept.add(new DistributionStore.Installed(dist.name(), dist.version(), dist.distInfo(), wheelHash(locked.get(name))));
        }
        return Optional.of(kept);
    }

    /** The wheel's SHA-256 from the installer's report, when it gave one. */
    private static Optional<String> wheelHash(LockFile.Package reported) {
        if (reported == null) {
            return Optional.empty();
        }
        return reported.artifacts().stream().map(a -> a.hashes().get("sha256")).filter(h -> h != null && !h.isBlank()).findFirst();
    }
}

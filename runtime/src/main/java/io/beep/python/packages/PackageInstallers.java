package io.beep.python.packages;

import io.beep.python.BootstrapStage;
import io.beep.python.InstallResult;
import io.beep.python.PythonBootstrapException;
import io.beep.python.Secrets;
import io.beep.python.process.Cancellation;
import io.beep.python.process.ProcessRunner;
import io.beep.python.process.ProcessSpec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Installs requirements into an environment with one installer invocation for the whole set, and
 * reads what is installed from the environment's metadata without starting a process.
 * <p>
 * WALKING-SKELETON VERSION: pip only.
 */
public final class PackageInstallers {

    private final Path home;
    private final ProcessRunner runner;

    public PackageInstallers(Path home, ProcessRunner runner) {
        this.home = home;
        this.runner = runner;
    }

    /**
     * Installs {@code requirements} into the environment whose interpreter is {@code python} and
     * whose distributions live in {@code sitePackages}.
     */
    public InstallResult install(Path python, Path sitePackages, List<Requirement> requirements, InstallerKind kind,
            PackageSources sources, Duration timeout, Cancellation cancellation) {
        long begin = System.nanoTime();
        List<String> texts = requirements.stream().map(Requirement::text).toList();
        if (requirements.isEmpty()) {
            return InstallResult.nothingToDo(texts, Duration.ofNanos(System.nanoTime() - begin));
        }
        Map<String, String> before = installed(sitePackages);
        List<String> argv = new ArrayList<>(List.of(python.toString(), "-m", "pip", "install", "--disable-pip-version-check",
                "--no-input"));
        sources.indexUrl().ifPresent(url -> argv.addAll(List.of("--index-url", url)));
        sources.extraIndexUrls().forEach(url -> argv.addAll(List.of("--extra-index-url", url)));
        sources.findLinks().forEach(url -> argv.addAll(List.of("--find-links", url)));
        if (sources.offline()) {
            argv.add("--no-index");
        }
        argv.addAll(texts);
        var result = runner.run(ProcessSpec.of(argv).withTimeout(timeout), cancellation);
        if (!result.ok()) {
            throw new PythonBootstrapException(BootstrapStage.INSTALLING_PACKAGES, String.join(" ", texts),
                    "pip could not install " + String.join(", ", texts) + ": " + Secrets.mask(lastLines(result.stderr())));
        }
        Map<String, String> after = installed(sitePackages);
        Map<String, String> changed = new TreeMap<>();
        after.forEach((name, version) -> {
            if (!version.equals(before.get(name))) {
                changed.put(name, version);
            }
        });
        return new InstallResult(texts, changed, false, "pip", List.of(), Duration.ofNanos(System.nanoTime() - begin));
    }

    /** Installed distributions, normalized name to version, read from {@code *.dist-info/METADATA}. */
    public Map<String, String> installed(Path sitePackages) {
        Map<String, String> found = new HashMap<>();
        if (!Files.isDirectory(sitePackages)) {
            return found;
        }
        try (Stream<Path> entries = Files.list(sitePackages)) {
            entries.filter(p -> p.getFileName().toString().endsWith(".dist-info")).forEach(dir -> {
                Path metadata = dir.resolve("METADATA");
                try (Stream<String> lines = Files.lines(metadata)) {
                    String name = null;
                    String version = null;
                    for (String line : (Iterable<String>) lines::iterator) {
                        if (line.isEmpty()) {
                            break;
                        }
                        if (line.startsWith("Name: ")) {
                            name = line.substring(6).strip();
                        } else if (line.startsWith("Version: ")) {
                            version = line.substring(9).strip();
                        }
                    }
                    if (name != null && version != null) {
                        found.put(Requirement.normalize(name), version);
                    }
                } catch (IOException | RuntimeException e) {
                    // A broken dist-info is not an installed distribution.
                }
            });
        } catch (IOException e) {
            return found;
        }
        return found;
    }

    private static String lastLines(String text) {
        List<String> lines = text.strip().lines().toList();
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 8), lines.size()));
    }

    Path home() {
        return home;
    }
}

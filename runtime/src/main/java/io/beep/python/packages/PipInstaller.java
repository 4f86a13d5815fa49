package io.beep.python.packages;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.beep.python.ProcessResult;
import io.beep.python.process.ProcessRunner;
import io.beep.python.process.ProcessSpec;
import io.beep.python.packages.lock.LockFile;
import io.beep.python.packages.pep508.Version;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * pip as an installer: {@code python -m pip install --report report.json ...}. The JSON report
 * (pip 22.2+) says exactly which distributions were installed, from which URL, with which hash;
 * that is what goes into the lock file.
 */
final class PipInstaller implements Installer {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Version FIRST_WITH_REPORT = Version.parse("22.2");
    private static final Version FIRST_WITH_RAW_PROGRESS = Version.parse("24.1");

    private final ProcessRunner runner;

    PipInstaller(ProcessRunner runner) {
        this.runner = runner;
    }

    @Override
    public String name() {
        return "pip";
    }

    @Override
    public Outcome install(Request request) {
        Path report = request.workDirectory().resolve("pip-report.json");
        Optional<Version> version = pipVersion(request.sitePackages());
        boolean canReport = version.map(v -> v.compareTo(FIRST_WITH_REPORT) >= 0).orElse(true);
        // "raw" prints "Progress DONE of TOTAL" lines a program can read (pip 24.1+); older pips draw nothing off a terminal.
        boolean rawProgress = version.map(v -> v.compareTo(FIRST_WITH_RAW_PROGRESS) >= 0).orElse(false);
        List<String> argv = new ArrayList<>(List.of(request.python().toString(), "-m", "pip", "install", "--disable-pip-version-check",
                "--no-input", "--progress-bar", rawProgress ? "raw" : "off"));
        if (canReport) {
            argv.addAll(List.of("--report", report.toString()));
        }
        if (request.noDependencies()) {
            argv.add("--no-deps");
        }
        if (request.requireHashes()) {
            argv.add("--require-hashes");
        }
        InstallerSources sources = sources(request);
        argv.addAll(sources.arguments());
        argv.addAll(InstallerSources.requirementArguments(request.arguments(), request.workDirectory()));
        InstallerProgress progress = InstallerProgress.pip(request.progress());
        ProcessResult result = runner.run(ProcessSpec.of(argv).withEnvironment(sources.environment()).withTimeout(request.timeout()),
                request.cancellation(), progress);
        if (!result.ok()) {
            if (result.stderr().isBlank()) {
                return new Outcome(false, Map.of(), withoutProgress(result.stdout()));
            }
            // pip names the indexes it used only on stdout; the explanation of an unreachable one needs them.
            String looking = result.stdout().lines().filter(l -> l.startsWith("Looking in indexes:")).findFirst().map(l -> l + "\n").orElse("");
            return new Outcome(false, Map.of(), looking + result.stderr());
        }
        progress.finished();
        return new Outcome(true, canReport ? readReport(report) : Map.of(), result.stderr());
    }

    /** pip's raw progress lines are for {@link InstallerProgress}, not for the explanation of a failure. */
    private static String withoutProgress(String output) {
        return output.lines().filter(l -> !l.startsWith("Progress ")).reduce((a, b) -> a + "\n" + b).orElse("");
    }

    /**
     * Sources and hashes for {@code pins} without touching the environment: {@code pip install --dry-run
     * --ignore-installed --no-deps --report}, which resolves each pin at the index and reports where it
     * would come from.
     */
    @Override
    public Map<String, LockFile.Package> lockEntries(Request request, Map<String, String> pins) {
        if (pins.isEmpty()) {
            return Map.of();
        }
        Optional<Map<String, LockFile.Package>> all = dryRun(request, pins, "all");
        if (all.isPresent() || pins.size() == 1) {
            return all.orElse(Map.of());
        }
        // One pin the index lacks (pip itself, a local build) fails the whole batch: ask for each alone.
        Map<String, LockFile.Package> locked = new LinkedHashMap<>();
        pins.forEach((name, version) -> dryRun(request, Map.of(name, version), name).ifPresent(locked::putAll));
        return locked;
    }

    /** {@code pip install --dry-run} for {@code pins}; empty when pip cannot resolve them all. */
    private Optional<Map<String, LockFile.Package>> dryRun(Request request, Map<String, String> pins, String label) {
        try {
            String safe = label.replaceAll("[^A-Za-z0-9._-]", "_");
            Path in = request.workDirectory().resolve("pip-pins-" + safe + ".txt");
            Path report = request.workDirectory().resolve("pip-lock-report-" + safe + ".json");
            List<String> lines = new ArrayList<>();
            pins.forEach((name, version) -> lines.add(name + "==" + version));
            Files.write(in, lines);
            List<String> argv = new ArrayList<>(List.of(request.python().toString(), "-m", "pip", "install", "--disable-pip-version-check",
                    "--no-input", "--progress-bar", "off", "--dry-run", "--ignore-installed", "--no-deps", "--quiet", "--report",
                    report.toString()));
            InstallerSources sources = sources(request);
            argv.addAll(sources.arguments());
            argv.addAll(List.of("-r", in.toString()));
            ProcessResult result = runner.run(ProcessSpec.of(argv).withEnvironment(sources.environment()).withTimeout(request.timeout()),
                    request.cancellation());
            return result.ok() ? Optional.of(readReport(report)) : Optional.empty();
        } catch (IOException | RuntimeException e) {
            return Optional.empty(); // the lock just knows less
        }
    }

    /** The request's sources for pip, credentials off the command line. */
    private static InstallerSources sources(Request request) {
        return sources(request.sources(), request.python());
    }

    /** pip's sources for an install with {@code python}, read against pip's configuration (that of its venv included). */
    static InstallerSources sources(PackageSources sources, Path python) {
        return InstallerSources.pip(sources, PipConfiguration.load(System.getenv(), Path.of(System.getProperty("user.home")),
                TargetVenv.root(python)));
    }

    /** The pip version installed in the environment, read from its metadata. */
    static Optional<Version> pipVersion(Path sitePackages) {
        InstalledDistribution pip = SitePackages.read(sitePackages).get("pip");
        return pip == null ? Optional.empty() : Version.tryParse(pip.version());
    }

    private static Map<String, LockFile.Package> readReport(Path report) {
        Map<String, LockFile.Package> locked = new LinkedHashMap<>();
        JsonNode root;
        try {
            root = JSON.readTree(report.toFile());
        } catch (IOException e) {
            return locked; // the install succeeded; the lock just knows less
        }
        for (JsonNode item : root.path("install")) {
            String name = Requirement.normalize(item.path("metadata").path("name").asText());
            String version = item.path("metadata").path("version").asText();
            JsonNode info = item.path("download_info");
            String url = info.path("url").asText();
            if (info.has("vcs_info")) {
                locked.put(name, new LockFile.Package(name, version, Optional.empty(), "vcs",
                        List.of(new LockFile.Artifact(info.path("vcs_info").path("vcs").asText("git"), url, Map.of())),
                        Optional.ofNullable(info.path("vcs_info").path("commit_id").textValue())));
                continue;
            }
            if (info.has("dir_info")) {
                locked.put(name, new LockFile.Package(name, version, Optional.empty(), "directory",
                        List.of(new LockFile.Artifact(null, url, Map.of())), Optional.empty()));
                continue;
            }
            Map<String, String> hashes = new LinkedHashMap<>();
            JsonNode archive = info.path("archive_info");
            archive.path("hashes").fields().forEachRemaining(e -> hashes.put(e.getKey(), e.getValue().asText()));
            String legacy = archive.path("hash").asText("");
            if (hashes.isEmpty() && legacy.contains("=")) {
                hashes.put(legacy.substring(0, legacy.indexOf('=')), legacy.substring(legacy.indexOf('=') + 1));
            }
            if (hashes.isEmpty()) {
                hashOfLocalFile(url).ifPresent(h -> hashes.put("sha256", h));
            }
            String file = url.substring(url.lastIndexOf('/') + 1).replaceAll("[#?].*$", "");
            String kind = item.path("is_direct").asBoolean() ? "archive" : file.endsWith(".whl") ? "wheels" : "sdist";
            locked.put(name, new LockFile.Package(name, version, Optional.empty(), kind, List.of(new LockFile.Artifact(file, url, hashes)),
                    Optional.empty()));
        }
        return locked;
    }

    private static Optional<String> hashOfLocalFile(String url) {
        if (!url.startsWith("file:")) {
            return Optional.empty();
        }
        try {
            byte[] bytes = Files.readAllBytes(Path.of(java.net.URI.create(url)));
            return Optional.of(io.beep.python.fs.Digests.sha256Hex(bytes));
        } catch (Exception e) {
            return Optional.empty();
        }
    }
}

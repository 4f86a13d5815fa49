package io.beep.python.packages;

import io.beep.python.Secrets;
import io.beep.python.packages.lock.LockFile;
import io.beep.python.packages.pep508.Pep508Parser;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads {@code beep.python.requirements-file}: a pip {@code requirements.txt} (every requirement
 * validated as PEP 508 before an installer sees the file) or a PEP 751 {@code pylock.toml}
 * (turned into exact, hash-checked pins).
 */
final class RequirementsFile {

    /**
     * A requirements.txt's requirements.
     *
     * @param opaque true when the file has lines whose effect only the installer knows (editables, options)
     * @param hashed true when a line carries {@code --hash}: pip then checks every requirement (all or nothing), uv only
     *               those with hashes unless told; the install asks both for {@code --require-hashes} so the check is the same
     */
    record Plain(List<Requirement> requirements, boolean opaque, boolean hashed) {
    }

    /**
     * A lock turned into an install: {@code name==version} pins (to decide what is satisfied) and
     * the requirements-file lines the installer gets ({@code name==version --hash=sha256:...}).
     *
     * @param entries the lock's own PEP 751 entries (normalized name to package) for the pins whose files it names with
     *                URLs and hashes: the venv's {@code pylock.toml} records them as they are, so no installer process is
     *                started after the install to find hashes the lock already holds
     */
    record LockInstall(List<Requirement> pins, List<String> lines, boolean hashed, Map<String, LockFile.Package> entries) {

        LockInstall {
            entries = Map.copyOf(entries);
        }

        LockInstall(List<Requirement> pins, List<String> lines, boolean hashed) {
            this(pins, lines, hashed, Map.of());
        }
    }

    private RequirementsFile() {
    }

    /** PEP 751 names: {@code pylock.toml} or {@code pylock.NAME.toml}. */
    static boolean isLock(Path file) {
        String name = file.getFileName().toString();
        return name.equals("pylock.toml") || (name.startsWith("pylock.") && name.endsWith(".toml"));
    }

    static Plain read(Path file) {
        List<Requirement> requirements = new ArrayList<>();
        boolean[] hashed = {false};
        boolean opaque = read(file, requirements, new HashSet<>(), hashed);
        return new Plain(requirements, opaque, hashed[0]);
    }

    private static boolean read(Path file, List<Requirement> into, Set<Path> seen, boolean[] hashed) {
        Path real = file.toAbsolutePath().normalize();
        if (!seen.add(real)) {
            return false;
        }
        List<String> lines;
        try {
            lines = Files.readAllLines(real);
        } catch (IOException e) {
            throw new PackagesException(PackagesException.Reason.REQUIREMENTS_FILE, file.toString(),
                    "Cannot read the requirements file " + file + ": " + e.getMessage() + ".", e);
        }
        boolean opaque = false;
        StringBuilder logical = new StringBuilder();
        int lineNumber = 0;
        for (String raw : lines) {
            lineNumber++;
            // A backslash at the end continues the line.
            if (raw.endsWith("\\")) {
                logical.append(raw, 0, raw.length() - 1).append(' ');
                continue;
            }
            logical.append(raw);
            String line = stripComment(logical.toString()).strip();
            logical.setLength(0);
            if (line.isEmpty()) {
                continue;
            }
            if (line.startsWith("-r ") || line.startsWith("--requirement")) {
                String included = line.replaceFirst("^(-r|--requirement)[ =]\\s*", "").strip();
                opaque |= read(real.getParent().resolve(included), into, seen, hashed);
                continue;
            }
            if (line.startsWith("-")) {
                opaque = true; // -e, -c, --index-url, ...: the installer applies them
                continue;
            }
            // Per-requirement options (--hash=...) follow the requirement.
            hashed[0] |= line.matches(".*\\s--hash[=\\s].*");
            String requirement = line.replaceAll("\\s+--?[a-zA-Z][\\w-]*(=|\\s+)\\S+", "").strip();
            try {
                into.add(Requirement.parse(requirement));
            } catch (PackagesException e) {
                throw new PackagesException(PackagesException.Reason.INVALID_REQUIREMENT, Secrets.mask(requirement),
                        Secrets.mask(file + " line " + lineNumber + ": " + e.getMessage()), e);
            }
        }
        return opaque;
    }

    private static String stripComment(String line) {
        if (line.startsWith("#")) {
            return "";
        }
        int hash = line.indexOf(" #");
        int tab = line.indexOf("\t#");
        int cut = hash < 0 ? tab : tab < 0 ? hash : Math.min(hash, tab);
        return cut < 0 ? line : line.substring(0, cut);
    }

    static LockInstall fromLock(Path file, Map<String, String> environment) {
        List<Requirement> pins = new ArrayList<>();
        List<String> lines = new ArrayList<>();
        Map<String, LockFile.Package> entries = new java.util.LinkedHashMap<>();
        boolean hashed = true;
        for (LockFile.Package p : LockFile.read(file)) {
            Optional<Boolean> applies = p.marker().map(m -> Pep508Parser.parseMarker(m).evaluate(environment)).orElse(Optional.of(true));
            if (applies.equals(Optional.of(false))) {
                continue;
            }
            String line;
            switch (p.kind()) {
                case "directory" -> {
                    line = p.name() + " @ " + Path.of(p.artifacts().get(0).url().replaceFirst("^file://", "")).toUri();
                    hashed = false;
                }
                case "vcs" -> {
                    LockFile.Artifact a = p.artifacts().get(0);
                    line = p.name() + " @ " + a.name() + "+" + a.url() + p.commit().map(c -> "@" + c).orElse("");
                    hashed = false;
                }
                default -> {
                    if (p.version() == null) {
                        throw new PackagesException(PackagesException.Reason.REQUIREMENTS_FILE, file.toString(),
                                "The lock file " + file + " has no version for '" + p.name() + "'; a lock must pin every package.");
                    }
                    StringBuilder s = new StringBuilder(p.name()).append("==").append(p.version());
                    if (p.hasHashes()) {
                        p.artifacts().forEach(a -> s.append(" --hash=sha256:").append(a.hashes().get("sha256")));
                        if (p.artifacts().stream().allMatch(a -> a.url() != null)) {
                            // The marker chose it for this environment; the venv's lock describes this environment only.
                            String name = Requirement.normalize(p.name());
                            entries.put(name, new LockFile.Package(name, p.version(), Optional.empty(), p.kind(), p.artifacts(), p.commit()));
                        }
                    } else {
                        hashed = false;
                    }
                    line = s.toString();
                }
            }
            lines.add(line);
            String pin = p.version() == null ? line : p.name() + "==" + p.version();
            pins.add(Requirement.parse(p.kind().equals("vcs") || p.kind().equals("directory") ? line : pin));
        }
        if (!hashed) {
            // pip's hash-checking mode is all or nothing: strip hashes when some package has none.
            lines.replaceAll(l -> l.replaceAll(" --hash=\\S+", ""));
        }
        return new LockInstall(pins, lines, hashed, entries);
    }
}

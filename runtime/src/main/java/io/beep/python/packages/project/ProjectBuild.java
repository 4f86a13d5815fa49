package io.beep.python.packages.project;

import io.beep.python.fs.FileTrees;
import io.beep.python.packages.lock.LockFile;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitOption;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Keeps a PEP 517 build of the user's project out of the user's directory. Backends build in the source tree
 * (setuptools leaves {@code build/} and {@code *.egg-info} there), so a regular install builds a copy made in the home's
 * scratch, and what the install recorded about where it came from ({@code direct_url.json}, the venv's
 * {@code pylock.toml}) is then pointed back at the project. An editable install must build the project where it is
 * (it points at those sources): the {@code build/} and {@code *.egg-info} directories the build adds are removed
 * afterwards and the times of the directories they were in restored; what was there before is left as it was.
 */
public final class ProjectBuild {

    /** Not copied: caches, virtual environments and earlier build outputs, which a build neither needs nor should see. */
    private static final Set<String> SKIPPED = Set.of("__pycache__", ".venv", "venv", ".tox", ".nox", ".mypy_cache", ".pytest_cache",
            ".ruff_cache", "build", "dist", "node_modules");

    private ProjectBuild() {
    }

    /** Copies {@code project} to {@code copy} (which must not exist), file times kept, without {@link #SKIPPED} and {@code *.egg-info}. */
    public static void copy(Path project, Path copy) throws IOException {
        Files.walkFileTree(project, EnumSet.of(FileVisitOption.FOLLOW_LINKS), Integer.MAX_VALUE, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                if (!dir.equals(project) && skipped(dir)) {
                    return FileVisitResult.SKIP_SUBTREE;
                }
                Files.createDirectories(copy.resolve(project.relativize(dir).toString()));
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.copy(file, copy.resolve(project.relativize(file).toString()), StandardCopyOption.COPY_ATTRIBUTES);
                return FileVisitResult.CONTINUE;
            }
        });
    }

    /** Where an editable build puts nothing: {@link #SKIPPED}, and {@code .git} (copied, for versions from tags, but never scanned). */
    private static boolean notScanned(Path dir) {
        return skipped(dir) || dir.getFileName().toString().equals(".git");
    }

    private static boolean skipped(Path dir) {
        String name = dir.getFileName().toString();
        return SKIPPED.contains(name) || name.endsWith(".egg-info");
    }

    /**
     * Points what the install of {@code copy} recorded at {@code project}: the {@code direct_url.json} of the
     * distribution installed from it (and its line in {@code RECORD}) and the directory entry of the venv's lock.
     */
    public static void relocate(Path sitePackages, java.util.Optional<Path> venvLock, Path copy, Path project) throws IOException {
        String from = copy.toUri().toString().replaceAll("/$", "");
        String to = project.toUri().toString().replaceAll("/$", "");
        if (Files.isDirectory(sitePackages)) {
            try (Stream<Path> entries = Files.list(sitePackages)) {
                for (Path distInfo : entries.filter(p -> p.getFileName().toString().endsWith(".dist-info")).toList()) {
                    relocateDirectUrl(distInfo, from, to);
                }
            }
        }
        if (venvLock.isPresent() && Files.isRegularFile(venvLock.get())) {
            Path lock = venvLock.get();
            List<LockFile.Package> packages = LockFile.read(lock);
            boolean changed = false;
            List<LockFile.Package> relocated = new ArrayList<>();
            for (LockFile.Package p : packages) {
                if (p.kind().equals("directory") && p.artifacts().get(0).url() != null && sameDirectory(p.artifacts().get(0).url(), from)) {
                    relocated.add(new LockFile.Package(p.name(), p.version(), p.marker(), p.kind(),
                            List.of(new LockFile.Artifact(null, to, Map.of())), p.commit()));
                    changed = true;
                } else {
                    relocated.add(p);
                }
            }
            if (changed) {
                LockFile.write(lock, relocated, null);
            }
        }
    }

    private static boolean sameDirectory(String url, String copyUri) {
        String u = url.replaceAll("/$", "");
        return u.equals(copyUri) || u.equals(copyUri.replaceFirst("^file:///", "file:/")) || u.equals(Path.of(java.net.URI.create(copyUri)).toString());
    }

    private static void relocateDirectUrl(Path distInfo, String from, String to) throws IOException {
        Path file = distInfo.resolve("direct_url.json");
        if (!Files.isRegularFile(file)) {
            return;
        }
        String json = Files.readString(file);
        // The installers write the URL as file:///... (pip) or file:///.../ (uv); both are replaced as they are written.
        String replaced = json.replace("\"" + from + "/\"", "\"" + to + "/\"").replace("\"" + from + "\"", "\"" + to + "\"");
        if (replaced.equals(json)) {
            return;
        }
        byte[] bytes = replaced.getBytes(StandardCharsets.UTF_8);
        Files.write(file, bytes);
        Path record = distInfo.resolve("RECORD");
        if (Files.isRegularFile(record)) {
            String name = distInfo.getFileName() + "/direct_url.json,";
            List<String> lines = new ArrayList<>();
            for (String line : Files.readAllLines(record, StandardCharsets.UTF_8)) {
                lines.add(line.startsWith(name) && !line.equals(name + ",") ? name + "sha256=" + recordHash(bytes) + "," + bytes.length : line);
            }
            Files.write(record, lines, StandardCharsets.UTF_8);
        }
    }

    private static String recordHash(byte[] bytes) {
        try {
            return Base64.getUrlEncoder().withoutPadding().encodeToString(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * What an editable build may add to {@code project}: {@code build/} at its top and {@code *.egg-info} directories at
     * any depth (setuptools writes them beside the packages), with the modification times of their parents, taken before
     * the build. {@link #removeAdded} takes away what is new since.
     */
    public static Map<Path, FileTime> outputsBefore(Path project) throws IOException {
        Map<Path, FileTime> seen = new LinkedHashMap<>();
        Files.walkFileTree(project, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                seen.put(dir, attrs.lastModifiedTime());
                return !dir.equals(project) && notScanned(dir) ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
            }
        });
        return seen;
    }

    /** Removes the {@code build/} and {@code *.egg-info} directories not in {@code before}, and restores their parents' times. */
    public static void removeAdded(Path project, Map<Path, FileTime> before) throws IOException {
        List<Path> added = new ArrayList<>();
        Files.walkFileTree(project, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                if (dir.equals(project)) {
                    return FileVisitResult.CONTINUE;
                }
                String name = dir.getFileName().toString();
                boolean output = name.endsWith(".egg-info") || (name.equals("build") && dir.getParent().equals(project));
                if (output && !before.containsKey(dir)) {
                    added.add(dir);
                }
                return notScanned(dir) ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
            }
        });
        for (Path dir : added) {
            FileTrees.delete(dir);
            FileTime parentTime = before.get(dir.getParent());
            if (parentTime != null && Files.isDirectory(dir.getParent(), LinkOption.NOFOLLOW_LINKS)) {
                Files.setLastModifiedTime(dir.getParent(), parentTime);
            }
        }
    }
}

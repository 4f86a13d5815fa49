package io.beep.python.venv;

import io.beep.python.BootstrapStage;
import io.beep.python.PythonBootstrapException;
import io.beep.python.process.ProcessRunner;
import io.beep.python.process.ProcessSpec;
import io.beep.python.registry.PythonRuntimeInfo;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Creates, opens and deletes virtual environments. A venv is complete or absent: it is built in a
 * temporary directory beside its target and moved into place atomically.
 * <p>
 * WALKING-SKELETON VERSION: runs {@code python -m venv}.
 */
public final class VirtualEnvironments {

    private final ProcessRunner runner;

    public VirtualEnvironments(ProcessRunner runner) {
        this.runner = runner;
    }

    /** Creates a venv at {@code target} (which must not exist) from {@code base}, with pip usable in it. */
    public VirtualEnv create(PythonRuntimeInfo base, Path target) {
        Path temp = target.resolveSibling("." + target.getFileName() + ".tmp-" + UUID.randomUUID());
        try {
            Files.createDirectories(target.getParent());
            var result = runner.run(ProcessSpec.of(base.executable().toString(), "-m", "venv", temp.toString())
                    .withTimeout(Duration.ofMinutes(5)));
            if (!result.ok()) {
                throw new PythonBootstrapException(BootstrapStage.CREATING_VIRTUAL_ENV, target.toString(),
                        "Cannot create virtual environment '" + target + "': " + result.stderr().strip());
            }
            // venv writes absolute paths of the temp dir into scripts; fix them before the move.
            rewritePaths(temp, target);
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
            return open(target).orElseThrow();
        } catch (IOException e) {
            throw new PythonBootstrapException(BootstrapStage.CREATING_VIRTUAL_ENV, target.toString(),
                    "Cannot create virtual environment '" + target + "': " + e.getMessage(), e);
        } finally {
            delete(temp);
        }
    }

    /** The venv at {@code root}, when it holds a {@code pyvenv.cfg} and a python executable. */
    public Optional<VirtualEnv> open(Path root) {
        Path cfg = root.resolve("pyvenv.cfg");
        Path python = root.resolve("bin/python");
        if (!Files.isRegularFile(cfg) || !Files.isExecutable(python)) {
            return Optional.empty();
        }
        try {
            Map<String, String> values;
            try (Stream<String> lines = Files.lines(cfg)) {
                values = lines.filter(l -> l.contains("="))
                        .collect(Collectors.toMap(l -> l.substring(0, l.indexOf('=')).strip(),
                                l -> l.substring(l.indexOf('=') + 1).strip(), (a, b) -> b));
            }
            String version = values.getOrDefault("version", values.getOrDefault("version_info", ""));
            String minor = version.replaceAll("^(\\d+\\.\\d+).*", "$1");
            Path sitePackages = root.resolve("lib/python" + minor + "/site-packages");
            Path baseExecutable = Path.of(values.getOrDefault("executable",
                    values.getOrDefault("home", "") + "/python3"));
            return Optional.of(new VirtualEnv(root, python, root.resolve("bin"), sitePackages, version, baseExecutable));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** Deletes {@code root} and everything below it; a missing directory is fine. */
    public void delete(Path root) {
        if (!Files.exists(root, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try {
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.delete(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path dir, IOException exc) throws IOException {
                    Files.delete(dir);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot delete " + root, e);
        }
    }

    private static void rewritePaths(Path temp, Path target) throws IOException {
        List<Path> files;
        try (Stream<Path> walk = Stream.concat(Stream.of(temp.resolve("pyvenv.cfg")), Files.list(temp.resolve("bin")))) {
            files = walk.filter(Files::isRegularFile).toList();
        }
        for (Path file : files) {
            byte[] bytes = Files.readAllBytes(file);
            String text = new String(bytes, java.nio.charset.StandardCharsets.ISO_8859_1);
            if (text.contains(temp.toString())) {
                Files.writeString(file, text.replace(temp.toString(), target.toString()), java.nio.charset.StandardCharsets.ISO_8859_1);
            }
        }
    }
}

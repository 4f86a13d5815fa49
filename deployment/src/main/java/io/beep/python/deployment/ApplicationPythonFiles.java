package io.beep.python.deployment;

import io.beep.python.quarkus.ApplicationPythonSources;

import java.io.IOException;
import java.nio.file.FileSystemLoopException;
import java.nio.file.FileVisitOption;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;

/**
 * The files of the application's {@code src/main/python}, as the workers see them in dev mode:
 * links are followed (Python imports through a linked directory as through any other), so the
 * package carries what dev mode ran. A link whose target leaves the tree is refused in every launch
 * mode: bundling it would carry files from outside the project (a secret beside it, say) into the
 * application, and leaving it out would make code that works in dev vanish in the package.
 */
final class ApplicationPythonFiles {

    /** Above this a file is still carried, with a WARN naming it: a data set or model file in the jar is usually a slip. */
    static final long LARGE_FILE_BYTES = 10L * 1024 * 1024;

    /** One file to carry: its name under {@code src/main/python} (through links, as Python sees it) and where its bytes are. */
    record SourceFile(String name, Path file, long size) {
    }

    /**
     * What the walk found.
     *
     * @param refused  one line per link that leaves the tree (or loops), naming the link and its target: these fail the build
     * @param warnings files carried that are worth a look (large ones), and dangling links left out
     */
    record Found(List<SourceFile> files, List<String> refused, List<String> warnings) {
    }

    private ApplicationPythonFiles() {
    }

    static Found walk(Path sources) throws IOException {
        Path root = sources.toAbsolutePath().normalize();
        Path realRoot = root.toRealPath();
        List<SourceFile> files = new ArrayList<>();
        List<String> refused = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        Files.walkFileTree(root, EnumSet.of(FileVisitOption.FOLLOW_LINKS), Integer.MAX_VALUE, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                if (!dir.equals(root) && (!ApplicationPythonSources.isSource(root.relativize(dir)) || !inside(dir))) {
                    return FileVisitResult.SKIP_SUBTREE;
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Path relative = root.relativize(file);
                if (!ApplicationPythonSources.isSource(relative)) {
                    return FileVisitResult.CONTINUE;
                }
                if (attrs.isSymbolicLink()) {
                    // Only a link that could not be followed is seen as a link here.
                    warnings.add("the link " + file + " leads to " + Files.readSymbolicLink(file) + ", which does not exist; left out");
                } else if (attrs.isRegularFile() && inside(file)) {
                    files.add(new SourceFile(relative.toString().replace('\\', '/'), file, attrs.size()));
                    if (attrs.size() > LARGE_FILE_BYTES) {
                        warnings.add(file + " is " + attrs.size() / (1024 * 1024) + " MB, and is carried in the application: move data"
                                + " and model files out of src/main/python if the workers do not import them");
                    }
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
                if (e instanceof FileSystemLoopException) {
                    refused.add("the link " + file + " leads to " + file.toRealPath() + ", a directory that contains it (a loop)");
                    return FileVisitResult.CONTINUE;
                }
                throw e;
            }

            /** False, with the link and its target noted, for a path whose real place is outside the tree. */
            private boolean inside(Path path) throws IOException {
                Path real = path.toRealPath();
                if (real.startsWith(realRoot)) {
                    return true;
                }
                refused.add("the link " + outermostLink(path) + " leads to " + real + ", outside " + realRoot);
                return false;
            }

            /** The link that takes {@code path} out of the tree: the path itself or the first linked directory above it. */
            private Path outermostLink(Path path) {
                Path at = root;
                for (Path part : root.relativize(path)) {
                    at = at.resolve(part);
                    if (Files.isSymbolicLink(at)) {
                        return at;
                    }
                }
                return path;
            }
        });
        files.sort(Comparator.comparing(SourceFile::name));
        return new Found(List.copyOf(files), List.copyOf(refused), List.copyOf(warnings));
    }
}

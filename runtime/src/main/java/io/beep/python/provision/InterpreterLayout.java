package io.beep.python.provision;

import io.beep.python.fs.Platform;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Knows where things are in an unpacked interpreter and repairs what archives lose: executable
 * bits (the bytedeco jars carry no Unix modes), script shebangs that point at the build machine or
 * at our temp directory, and the Windows embeddable {@code python*._pth} that keeps {@code site}
 * (and so pip and venvs) switched off.
 */
final class InterpreterLayout {

    private final Platform platform;

    InterpreterLayout(Platform platform) {
        this.platform = platform;
    }

    /** {@code bin/python3} on Unix, {@code python.exe} at the root on Windows. */
    Path executable(Path root) {
        return platform.isWindows() ? root.resolve("python.exe") : root.resolve("bin").resolve("python3");
    }

    /**
     * The directory holding the interpreter: {@code dir} itself, or its single top-level directory
     * when an archive wraps everything in one ({@code python/}, {@code cpython-3.13.5/}).
     */
    Optional<Path> findRoot(Path dir) throws IOException {
        if (Files.exists(executable(dir))) {
            return Optional.of(dir);
        }
        try (Stream<Path> children = Files.list(dir)) {
            List<Path> dirs = children.filter(Files::isDirectory).toList();
            for (Path child : dirs) {
                if (Files.exists(executable(child))) {
                    return Optional.of(child);
                }
                if (Files.exists(executable(child.resolve("install")))) {
                    return Optional.of(child.resolve("install"));
                }
            }
        }
        return Optional.empty();
    }

    /** The names of the standard library's regression test packages, left out of every interpreter we unpack. */
    private static final Set<String> TEST_SUITES = Set.of("test", "tests", "idle_test");

    /**
     * Whether a {@code /}-separated name in an unpacked interpreter lies in the standard library's own regression
     * tests: {@code test/} and {@code idlelib/idle_test/} (1,624 of the CPython jar's 3,120 files, 29.7 MB of its
     * 83 MB) and, before 3.12, {@code ctypes/test/}, {@code unittest/test/}, {@code lib2to3/tests/} and the like. No
     * module outside them imports them; the official {@code python} container images remove the same directories,
     * and Debian ships them as a separate package. {@code site-packages} is never touched: what lies there belongs
     * to the packages.
     */
    boolean leftOut(String relative) {
        int stdlib = stdlibEnd(relative);
        if (stdlib < 0) {
            return false;
        }
        for (int start = stdlib, end; start < relative.length(); start = end + 1) {
            end = relative.indexOf('/', start);
            end = end < 0 ? relative.length() : end;
            String name = relative.substring(start, end);
            if (start == stdlib && name.equals("site-packages")) {
                return false;
            }
            if (TEST_SUITES.contains(name)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Where the names inside the standard library begin in {@code relative} ({@code lib/python3.X/} on Unix,
     * {@code Lib/} on Windows, at the top or a directory or two down), or -1 when it lies outside it.
     */
    private static int stdlibEnd(String relative) {
        String[] names = relative.split("/", 4);
        for (int i = 0; i < names.length - 1 && i <= 2; i++) {
            if (names[i].equals("Lib")) { // Windows
                return offsetOf(names, i + 1);
            }
            if (i >= 1 && names[i - 1].equals("lib") && names[i].startsWith("python")) {
                return offsetOf(names, i + 1);
            }
        }
        return -1;
    }

    /** The offset in the joined name where {@code names[index]} begins. */
    private static int offsetOf(String[] names, int index) {
        int offset = 0;
        for (int i = 0; i < index; i++) {
            offset += names[i].length() + 1;
        }
        return offset;
    }

    /**
     * The standard library's packages that starting the interpreter and the provisioning check read (the probe's
     * {@code sysconfig}, then {@code ssl}, {@code ctypes}, {@code venv} and what they import, for 3.8 to 3.14), beside
     * its top-level modules and extension modules. Compiled bytecode goes to {@code __pycache__}.
     */
    private static final Set<String> READ_TO_START = Set.of("lib-dynload", "__pycache__", "encodings", "collections",
            "importlib", "re", "ctypes", "venv", "sysconfig", "logging", "sqlite3", "json", "pathlib", "zipfile");

    /**
     * Whether a {@code /}-separated name in an unpacked interpreter (relative to the extraction directory, whose root
     * may be one directory down) lies outside what starting it and checking it read. Inside: everything outside the
     * standard library (the executable, shared libraries, {@code DLLs/}) but the C headers and {@code share/}; the
     * standard library's top-level modules, its extension modules and the packages in {@link #READ_TO_START}.
     * Outside, and so written while the new interpreter is already being checked: the rest of the standard library
     * (IDLE, Tk, asyncio, email, ...) and {@code site-packages}, 1,049 of the CPython jar's 3,120 files (its
     * regression tests, 1,624 more, are {@linkplain #leftOut left out}). An archive's directory entries are made
     * before any file, so a listing sees {@code pip-*.dist-info} either way. A check that fails while these are still
     * being written is made again once every file is there (see {@link PythonProvisioner}), so a package missing here
     * costs time, never a wrong answer.
     */
    boolean notNeededToStart(String relative) {
        String[] names = relative.split("/", 3);
        for (int i = 0; i < names.length - 1 && i <= 1; i++) {
            if (names[i].equals("include") || names[i].equals("share")) {
                return true;
            }
        }
        int stdlib = stdlibEnd(relative);
        if (stdlib < 0) {
            return false;
        }
        int slash = relative.indexOf('/', stdlib);
        return slash >= 0 && !READ_TO_START.contains(relative.substring(stdlib, slash)); // a top-level module is needed
    }

    /** Makes everything in {@code bin/} executable: zip archives often carry no modes at all. */
    void restoreExecutableBits(Path root) throws IOException {
        Path bin = root.resolve("bin");
        if (platform.isWindows() || !Files.isDirectory(bin)) {
            return;
        }
        try (Stream<Path> files = Files.list(bin)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                PosixFileAttributeView view = Files.getFileAttributeView(file, PosixFileAttributeView.class);
                if (view == null) {
                    return;
                }
                Set<PosixFilePermission> permissions = view.readAttributes().permissions();
                if (permissions.add(PosixFilePermission.OWNER_EXECUTE) | permissions.add(PosixFilePermission.GROUP_EXECUTE)
                        | permissions.add(PosixFilePermission.OTHERS_EXECUTE)) {
                    view.setPermissions(permissions);
                }
            }
        }
    }

    /** The longest shebang line distlib writes as one (Linux); longer ones get {@link #EXEC_FORM}. */
    private static final int MAX_SHEBANG = 127;
    /** distlib's form for a long interpreter path: a shell line that execs it (group 1). */
    private static final Pattern EXEC_FORM = Pattern.compile("#!/bin/sh\n'''exec' (\\S+) \"\\$0\" \"\\$@\"\n' '''\n");

    /**
     * Points Python scripts in {@code bin/} ({@code pip3}, {@code pydoc3}, {@code idle3}) at the
     * interpreter's final location. Their shebang names the build machine's path (bytedeco) or our
     * temp directory (scripts written by ensurepip before the rename), both useless afterwards.
     */
    void rewriteShebangs(Path root, Path finalRoot) throws IOException {
        Path bin = root.resolve("bin");
        if (platform.isWindows() || !Files.isDirectory(bin)) {
            return;
        }
        String interpreter = "#!" + finalRoot.resolve("bin").resolve("python3");
        try (Stream<Path> files = Files.list(bin)) {
            for (Path file : files.filter(f -> Files.isRegularFile(f) && !Files.isSymbolicLink(f)).toList()) {
                String firstLine = firstLine(file);
                if ("#!/bin/sh".equals(firstLine)) {
                    rewriteExecForm(file, root, finalRoot.resolve("bin").resolve("python3"));
                    continue;
                }
                if (firstLine == null || !firstLine.startsWith("#!/") || !firstLine.contains("python")
                        || firstLine.startsWith("#!/usr/bin/env") || firstLine.equals(interpreter)) {
                    continue;
                }
                String shebangPath = firstLine.substring(2).trim().split("\\s+")[0];
                if (Files.exists(Path.of(shebangPath)) && !Path.of(shebangPath).startsWith(root)) {
                    continue; // A working interpreter elsewhere was chosen on purpose; leave it.
                }
                replaceHead(file, firstLine.getBytes(StandardCharsets.UTF_8).length, interpreter);
            }
        }
    }

    /**
     * pip's script writer (distlib) puts an interpreter path longer than a shebang may be (127 bytes) on a second line
     * run by {@code /bin/sh}: {@code '''exec' PATH "$0" "$@"}. A deep home makes the temp directory's path that long,
     * so these scripts name the temp directory too. The final path goes in a plain shebang when it fits, else in the
     * same form.
     */
    private static void rewriteExecForm(Path file, Path root, Path interpreter) throws IOException {
        byte[] content = Files.readAllBytes(file);
        // ISO-8859-1 maps each byte to one char, so a matched length is a length in bytes.
        Matcher exec = EXEC_FORM.matcher(new String(content, 0, Math.min(content.length, 4096), StandardCharsets.ISO_8859_1));
        if (!exec.lookingAt() || !Path.of(exec.group(1)).startsWith(root)) {
            return; // another shell script, or a working interpreter elsewhere chosen on purpose
        }
        String path = interpreter.toString();
        replaceHead(file, exec.end(), path.length() + 2 <= MAX_SHEBANG ? "#!" + path + "\n"
                : "#!/bin/sh\n'''exec' " + path + " \"$0\" \"$@\"\n' '''\n");
    }

    /** Replaces the file's first {@code length} bytes with {@code head}, keeping its permissions. */
    private static void replaceHead(Path file, int length, String head) throws IOException {
        byte[] content = Files.readAllBytes(file);
        byte[] rest = java.util.Arrays.copyOfRange(content, length, content.length);
        byte[] start = head.getBytes(StandardCharsets.UTF_8);
        byte[] rewritten = new byte[start.length + rest.length];
        System.arraycopy(start, 0, rewritten, 0, start.length);
        System.arraycopy(rest, 0, rewritten, start.length, rest.length);
        Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(file);
        Files.write(file, rewritten);
        Files.setPosixFilePermissions(file, permissions);
    }

    /** The first line of a text file, or null for binaries and large files. */
    private static String firstLine(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            byte[] head = in.readNBytes(512);
            if (head.length < 3 || head[0] != '#' || head[1] != '!') {
                return null;
            }
            int end = 0;
            while (end < head.length && head[end] != '\n' && head[end] != '\r') {
                end++;
            }
            return end == head.length ? null : new String(head, 0, end, StandardCharsets.UTF_8);
        }
    }

    /**
     * The Windows embeddable distribution ships a {@code python3XY._pth} whose presence puts Python
     * into isolated path mode with {@code #import site} commented out: no site-packages, so no pip and
     * no venv. Enable {@code import site}, add {@code Lib\site-packages}, and create {@code Scripts\}.
     *
     * @return true when a {@code ._pth} file was found and adjusted
     */
    boolean enableSiteInEmbeddable(Path root) throws IOException {
        Optional<Path> pth;
        try (Stream<Path> files = Files.list(root)) {
            pth = files.filter(f -> f.getFileName().toString().matches("python\\d+\\._pth")).findFirst();
        }
        if (pth.isEmpty()) {
            return false;
        }
        List<String> lines = new ArrayList<>(Files.readAllLines(pth.get(), StandardCharsets.UTF_8));
        List<String> result = new ArrayList<>();
        boolean site = false;
        boolean sitePackages = false;
        for (String line : lines) {
            String trimmed = line.trim();
            if (trimmed.replaceFirst("^#\\s*", "").equals("import site")) {
                if (!site) {
                    result.add("import site");
                }
                site = true;
                continue;
            }
            if (trimmed.replace('/', '\\').equalsIgnoreCase("Lib\\site-packages")) {
                sitePackages = true;
            }
            result.add(line);
        }
        if (!sitePackages) {
            result.add(site ? result.indexOf("import site") : result.size(), "Lib\\site-packages");
        }
        if (!site) {
            result.add("import site");
        }
        Files.write(pth.get(), String.join("\r\n", result).concat("\r\n").getBytes(StandardCharsets.UTF_8));
        Files.createDirectories(root.resolve("Lib").resolve("site-packages"));
        Files.createDirectories(root.resolve("Scripts"));
        return true;
    }
}

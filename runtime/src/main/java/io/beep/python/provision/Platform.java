package io.beep.python.provision;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The machine an interpreter is built for. Its {@link #name()} ({@code linux-x86_64},
 * {@code macosx-arm64}, {@code windows-x86_64}, {@code linux-x86_64-musl}) names the managed
 * interpreter's directory and, for glibc systems, is also the {@code org.bytedeco:cpython} classifier.
 *
 * @param os   {@code linux}, {@code macosx} or {@code windows}
 * @param arch {@code x86_64} or {@code arm64}
 * @param musl true on a musl libc Linux (Alpine), where glibc builds cannot run
 */
record Platform(String os, String arch, boolean musl) {

    static Platform current() {
        String osName = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        String os = osName.startsWith("windows") ? "windows" : osName.startsWith("mac") ? "macosx" : "linux";
        String archName = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
        String arch = switch (archName) {
            case "amd64", "x86_64", "x64" -> "x86_64";
            case "aarch64", "arm64" -> "arm64";
            default -> archName;
        };
        return new Platform(os, arch, os.equals("linux") && isMusl());
    }

    private static boolean isMusl() {
        // musl's dynamic loader is the one reliable trace of a musl system without running a process.
        try (var entries = Files.list(Path.of("/lib"))) {
            return entries.anyMatch(p -> p.getFileName().toString().startsWith("ld-musl-"));
        } catch (Exception e) {
            return false;
        }
    }

    String name() {
        return os + "-" + arch + (musl ? "-musl" : "");
    }

    boolean isWindows() {
        return os.equals("windows");
    }

    /** The bytedeco classifier, present only for the platforms bytedeco builds. */
    String mavenClassifier() {
        return os + "-" + arch;
    }

    /** The python-build-standalone manifest's {@code os}, {@code arch} and {@code libc} for this platform. */
    String standaloneOs() {
        return switch (os) {
            case "macosx" -> "darwin";
            default -> os;
        };
    }

    String standaloneArch() {
        return arch.equals("arm64") ? "aarch64" : arch;
    }

    String standaloneLibc() {
        return os.equals("linux") ? (musl ? "musl" : "gnu") : "none";
    }

    @Override
    public String toString() {
        return name();
    }
}

package io.beep.python.fs;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The machine whose file layouts every room follows: {@code bin/python3} or {@code python.exe}, a
 * venv's {@code bin/} or {@code Scripts\}, which interpreter builds can run. Its {@link #name()}
 * ({@code linux-x86_64}, {@code macosx-arm64}, {@code windows-x86_64}, {@code linux-x86_64-musl})
 * names a managed interpreter's directory.
 *
 * @param os   {@code linux}, {@code macosx}, {@code windows}, or another system's lower-case name
 * @param arch {@code x86_64}, {@code arm64}, or the JVM's {@code os.arch} for anything else
 * @param musl true on a musl libc Linux (Alpine), where glibc builds cannot run
 */
public record Platform(String os, String arch, boolean musl) {

    /** The machine this JVM runs on. */
    public static Platform current() {
        return ThisMachine.PLATFORM;
    }

    /** Detected once: it cannot change while the JVM runs, and every room asks (each time a directory listing). */
    private static final class ThisMachine {
        static final Platform PLATFORM = detect();
    }

    private static Platform detect() {
        String osName = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        String os = osName.startsWith("windows") ? "windows"
                : osName.startsWith("mac") || osName.startsWith("darwin") ? "macosx"
                : osName.startsWith("linux") ? "linux"
                : osName.isBlank() ? "unknown" : osName.split("\\s+")[0];
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

    /** {@code os-arch}, with {@code -musl} on musl Linux. */
    public String name() {
        return os + "-" + arch + (musl ? "-musl" : "");
    }

    public boolean isWindows() {
        return os.equals("windows");
    }

    public boolean isMacos() {
        return os.equals("macosx");
    }

    public boolean isLinux() {
        return os.equals("linux");
    }

    @Override
    public String toString() {
        return name();
    }
}

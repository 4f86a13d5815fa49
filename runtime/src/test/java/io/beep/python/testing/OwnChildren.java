package io.beep.python.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The live descendants of this JVM that one test started, told from those of other tests and classes
 * in the same JVM (a leak from an earlier class must not fail this one): those whose command line
 * ({@code /proc/PID/cmdline}, as started, so a venv's python shows as such) or environment
 * ({@code /proc/PID/environ}) contains the test's own marker, typically its {@code @TempDir}.
 * Linux only, as the tests that use it.
 */
public final class OwnChildren {

    private final String marker;

    private OwnChildren(String marker) {
        this.marker = marker;
    }

    /** The descendants naming {@code directory} in their command line or environment. */
    public static OwnChildren naming(Path directory) {
        return new OwnChildren(directory.toAbsolutePath().toString());
    }

    /** The pids of the live descendants that carry the marker. */
    public List<Long> pids() {
        return ProcessHandle.current().descendants().filter(ProcessHandle::isAlive).filter(this::carriesMarker)
                .map(ProcessHandle::pid).toList();
    }

    public long count() {
        return pids().size();
    }

    private boolean carriesMarker(ProcessHandle process) {
        return read(process, "cmdline").contains(marker) || read(process, "environ").contains(marker);
    }

    private static String read(ProcessHandle process, String file) {
        try {
            return new String(Files.readAllBytes(Path.of("/proc", Long.toString(process.pid()), file)), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return ""; // ended between listing and reading
        }
    }
}

package io.beep.python.testing;

import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The command lines of this JVM's child processes (all descendants), read from {@code /proc/PID/cmdline} as any
 * local user can read them with {@code ps}. Call {@link #sample()} while the children run (for example from
 * {@link LoopbackPackageIndex#onRequest}, while an installer waits for the index), then look at what was seen.
 * Linux only: elsewhere the test is skipped with the reason printed.
 */
public final class ChildCommandLines {

    /** Per process, each distinct command line it had (the JDK's spawn helper, then the program), in the order seen. */
    private final Map<Long, Set<String>> seen = new ConcurrentHashMap<>();

    private ChildCommandLines() {
    }

    public static ChildCommandLines start() {
        if (!Files.isReadable(Path.of("/proc/self/cmdline"))) {
            String reason = "Skipped: no /proc/PID/cmdline on this system to read child command lines from";
            System.out.println(reason);
            Assumptions.abort(reason);
        }
        return new ChildCommandLines();
    }

    /** Reads the command line of every live descendant; arguments joined by spaces. */
    public void sample() {
        ProcessHandle.current().descendants().forEach(child -> {
            try {
                byte[] raw = Files.readAllBytes(Path.of("/proc", Long.toString(child.pid()), "cmdline"));
                if (raw.length > 0) {
                    seen.computeIfAbsent(child.pid(), pid -> Collections.synchronizedSet(new LinkedHashSet<>()))
                            .add(new String(raw, StandardCharsets.UTF_8).replace('\0', ' ').strip());
                }
            } catch (IOException e) {
                // The child ended between listing and reading.
            }
        });
    }

    /** Every command line seen so far: per process its distinct lines joined by {@code " | "}. */
    public List<String> seen() {
        return seen.values().stream().map(lines -> {
            synchronized (lines) {
                return String.join(" | ", lines);
            }
        }).toList();
    }

    /** The command lines seen that contain {@code text}. */
    public List<String> containing(String text) {
        return seen().stream().filter(line -> line.contains(text)).toList();
    }

    public void clear() {
        seen.clear();
    }
}

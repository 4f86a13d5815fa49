package io.beep.python.fs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Whose scratch this is: the home's scratch ({@link HomeLayout.Scratch}: installers' work files under {@code ${home}/tmp},
 * uv's download and staging, an interpreter being unpacked), the rollback beside a venv and the seed cache's
 * compile stage under {@code java.io.tmpdir} carry
 * their maker in their name ({@code STEM PID-STARTMS-PIDNS-RANDOM}), written in the same step that creates them, so
 * a later run can remove what a JVM that is gone left (killed, or stopped before its clean-up finished) and never
 * touch the work of one still alive. A process counts as gone only when it is seen from the same pid namespace
 * (containers sharing a home each number their processes from 1) and its pid is free or now names a process that
 * started at another time (a reused pid); anything else is kept.
 */
public final class ScratchOwner {

    private static final Pattern TAGGED = Pattern.compile("(\\d+)-(\\d+)-(\\d+)-\\d+");
    /** A name whose last four number groups are a tag and its random part; greedy, so the stem is all before them. */
    private static final Pattern ENDS_IN_TAG = Pattern.compile("(.+-)\\d+-\\d+-\\d+-\\d+");
    /** How far two readings of one process's start time may differ (the system counts it in clock ticks). */
    private static final long START_TOLERANCE_MS = 1_000;
    private static final String NAMESPACE = readPidNamespace();
    private static final String TAG = ProcessHandle.current().pid() + "-" + startMillis(ProcessHandle.current()) + "-" + NAMESPACE;

    private ScratchOwner() {
    }

    /** This process's mark, to put between a scratch name's stem and its random part: {@code STEM + tag() + "-"}. */
    public static String tag() {
        return TAG;
    }

    /**
     * Deletes the entries of {@code dir} named {@code stem + TAG-RANDOM + suffix} whose maker is gone; the rest stay.
     * Returns how many it deleted.
     */
    public static int removeAbandoned(Path dir, String stem, String suffix) {
        return removeWhere(dir, name -> abandoned(name, stem, suffix));
    }

    /**
     * As {@link #removeAbandoned}, for names {@code start + ANYTHING- + TAG-RANDOM} whose middle part varies (the name
     * of what is being made): the tag is the name's last four number groups.
     */
    public static int removeAbandonedAnyName(Path dir, String start) {
        return removeWhere(dir, name -> {
            Matcher m = ENDS_IN_TAG.matcher(name);
            return name.startsWith(start) && m.matches() && m.group(1).length() >= start.length() && abandoned(name, m.group(1), "");
        });
    }

    private static int removeWhere(Path dir, java.util.function.Predicate<String> gone) {
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        try (Stream<Path> entries = Files.list(dir)) {
            return (int) entries.filter(p -> gone.test(p.getFileName().toString())).filter(ScratchOwner::deleteQuietly).count();
        } catch (IOException | RuntimeException e) {
            // Nothing we may list: nothing to clean; a leftover wastes space, not correctness.
            return 0;
        }
    }

    /** Whether {@code name} is {@code stem + TAG-RANDOM + suffix} of a process that is gone. */
    static boolean abandoned(String name, String stem, String suffix) {
        if (!name.startsWith(stem) || !name.endsWith(suffix) || name.length() < stem.length() + suffix.length()) {
            return false;
        }
        Matcher tag = TAGGED.matcher(name.substring(stem.length(), name.length() - suffix.length()));
        if (!tag.matches()) {
            return false; // another stem's longer name, or an untagged one from an older version: not ours to judge
        }
        long pid;
        long started;
        try {
            pid = Long.parseLong(tag.group(1));
            started = Long.parseLong(tag.group(2));
        } catch (NumberFormatException e) {
            return false;
        }
        if (!tag.group(3).equals(NAMESPACE)) {
            return false; // its pid means nothing here
        }
        return ProcessHandle.of(pid).filter(ProcessHandle::isAlive)
                .map(p -> started != 0 && startMillis(p) != 0 && Math.abs(startMillis(p) - started) > START_TOLERANCE_MS)
                .orElse(true);
    }

    private static long startMillis(ProcessHandle process) {
        return process.info().startInstant().map(Instant::toEpochMilli).orElse(0L);
    }

    /** The pid namespace's inode ({@code /proc/self/ns/pid -> pid:[N]}); 0 where there is none to read. */
    private static String readPidNamespace() {
        try {
            String link = Files.readSymbolicLink(Path.of("/proc/self/ns/pid")).toString();
            String digits = link.replaceAll("\\D", "");
            return digits.isEmpty() ? "0" : digits;
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            return "0";
        }
    }

    private static boolean deleteQuietly(Path path) {
        try {
            FileTrees.delete(path);
            return true;
        } catch (IOException | RuntimeException e) {
            // Removed by a later run, or it was just removed by another.
            return false;
        }
    }
}

package io.beep.python.registry;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * The selection rules of {@link PythonRuntimeRegistry#find(String)}.
 * <p>
 * Eligible: {@code READY}, {@value PythonRuntimeInfo#MINIMUM_SELECTABLE_VERSION} or newer, not a virtual
 * environment, and matching the request; a free-threaded build only when the request ends in {@code t}
 * ({@code 3.13t}), as with uv. Among those, in this order:
 * <ol>
 * <li>the default runtime pinned with {@code setDefaultRuntime}, when it matches: the user said so;</li>
 * <li>managed ({@code EMBEDDED}) interpreters, newest first: provisioned by us, relocatable, never
 *     externally managed, and the same on every machine;</li>
 * <li>the others, newest version first; at equal versions an interpreter pip may use directly (not
 *     PEP 668 externally managed) before one that is, and a plain installation before a conda one;
 *     then by source: uv, pyenv, asdf, mise, Windows registry, py launcher, PATH, explicit, conda.</li>
 * </ol>
 */
final class RuntimeSelection {

    private static final List<String> SOURCE_ORDER = List.of("managed", "uv", "pyenv", "asdf", "mise", "windows-registry",
            "py-launcher", "path", "explicit", "conda");

    private RuntimeSelection() {
    }

    /** The eligible interpreters for {@code request}, best first. */
    static List<PythonRuntimeInfo> ranked(Collection<PythonRuntimeInfo> runtimes, String request, String defaultId) {
        Versions.Request wanted = Versions.parseRequest(request);
        return runtimes.stream()
                .filter(info -> skipReason(info, wanted) == null)
                .sorted(order(defaultId))
                .toList();
    }

    /** Every interpreter not eligible for {@code request}, with the reason. */
    static List<SkippedCandidate> skipped(Collection<PythonRuntimeInfo> runtimes, String request) {
        Versions.Request wanted = Versions.parseRequest(request);
        List<SkippedCandidate> result = new ArrayList<>();
        for (PythonRuntimeInfo info : runtimes) {
            SkippedCandidate skip = skipReason(info, wanted);
            if (skip != null) {
                result.add(skip);
            }
        }
        return result;
    }

    private static SkippedCandidate skipReason(PythonRuntimeInfo info, Versions.Request wanted) {
        if (!info.isReady()) {
            return new SkippedCandidate(info, SkippedCandidate.Reason.NOT_READY,
                    info.status() + info.error().map(e -> ": " + e).orElse(""));
        }
        if (info.isVirtualEnv()) {
            return new SkippedCandidate(info, SkippedCandidate.Reason.VIRTUAL_ENV, "a virtual environment, not a base interpreter");
        }
        if (!Versions.matches(info.version(), wanted.version())) {
            return new SkippedCandidate(info, SkippedCandidate.Reason.VERSION_MISMATCH,
                    "version " + info.version() + " does not match " + wanted);
        }
        if (info.freethreaded() != wanted.freethreaded()) {
            return new SkippedCandidate(info, SkippedCandidate.Reason.FREE_THREADING, info.freethreaded()
                    ? "a free-threaded build, chosen only when asked for (" + info.minorVersion() + "t)"
                    : "not a free-threaded build");
        }
        if (!info.selectable()) {
            return new SkippedCandidate(info, SkippedCandidate.Reason.TOO_OLD,
                    "older than " + PythonRuntimeInfo.MINIMUM_SELECTABLE_VERSION + ", which is the oldest supported");
        }
        return null;
    }

    private static Comparator<PythonRuntimeInfo> order(String defaultId) {
        Map<PythonRuntimeType, Integer> typeRank = Map.of(PythonRuntimeType.EMBEDDED, 0, PythonRuntimeType.SYSTEM, 1,
                PythonRuntimeType.CONDA, 2, PythonRuntimeType.VIRTUAL_ENV, 3);
        Comparator<PythonRuntimeInfo> pinnedFirst = Comparator.comparing(info -> !info.id().equals(defaultId));
        Comparator<PythonRuntimeInfo> managedFirst = Comparator.comparing(info -> info.type() != PythonRuntimeType.EMBEDDED);
        Comparator<PythonRuntimeInfo> newest = (a, b) -> Versions.compare(b.version(), a.version());
        return pinnedFirst
                .thenComparing(managedFirst)
                .thenComparing(newest)
                .thenComparing(PythonRuntimeInfo::externallyManaged)
                .thenComparing(info -> typeRank.get(info.type()))
                .thenComparing(info -> sourceRank(info.source()))
                .thenComparing(info -> info.executable().toString());
    }

    private static int sourceRank(String source) {
        int index = SOURCE_ORDER.indexOf(source);
        return index < 0 ? SOURCE_ORDER.size() : index;
    }
}

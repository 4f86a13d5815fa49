package io.beep.python.registry;


import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Version requests and the order in which {@code find} prefers interpreters, on described interpreters. */
class SelectionRulesTest {

    private static PythonRuntimeInfo runtime(String id, String version, PythonRuntimeType type, String source,
            boolean externallyManaged) {
        return new PythonRuntimeInfo(id, id, type, source, PythonRuntimeStatus.READY, Path.of("/opt", id, "bin/python3"), version,
                "cpython", "x86_64", Path.of("/opt", id), Path.of("/opt", id), externallyManaged, Optional.empty(), Instant.EPOCH,
                Optional.empty());
    }

    private static final PythonRuntimeInfo DEBIAN_311 = runtime("debian", "3.11.2", PythonRuntimeType.SYSTEM, "path", true);
    private static final PythonRuntimeInfo PYENV_311 = runtime("pyenv311", "3.11.2", PythonRuntimeType.SYSTEM, "pyenv", false);
    private static final PythonRuntimeInfo PYENV_313 = runtime("pyenv313", "3.13.0", PythonRuntimeType.SYSTEM, "pyenv", false);
    private static final PythonRuntimeInfo MANAGED_312 = runtime("managed", "3.12.9", PythonRuntimeType.EMBEDDED, "managed", false);
    private static final PythonRuntimeInfo CONDA_313 = runtime("conda", "3.13.0", PythonRuntimeType.CONDA, "conda", false);
    private static final PythonRuntimeInfo RC_314 = runtime("rc", "3.14.0rc1", PythonRuntimeType.SYSTEM, "uv", false);
    private static final PythonRuntimeInfo FINAL_314 = runtime("final", "3.14.0", PythonRuntimeType.SYSTEM, "uv", false);

    @Test
    void requestsMatchByLeadingComponents() {
        assertThat(Versions.matches("3.13.5", Versions.parseRequest("3").version())).isTrue();
        assertThat(Versions.matches("3.13.5", Versions.parseRequest("3.13").version())).isTrue();
        assertThat(Versions.matches("3.13.5", Versions.parseRequest("3.13.5").version())).isTrue();
        assertThat(Versions.matches("3.13.5", Versions.parseRequest("3.1").version())).isFalse();
        assertThat(Versions.matches("3.13.5", Versions.parseRequest("3.13.50").version())).isFalse();
        assertThat(Versions.matches("3.14.0rc1", Versions.parseRequest("3.14").version())).isTrue();
        assertThat(Versions.parseRequest("python3.12")).hasToString("3.12");
        assertThat(Versions.parseRequest("cpython-3.12")).hasToString("3.12");
        assertThat(Versions.parseRequest("3.12.*")).hasToString("3.12");
        assertThat(Versions.parseRequest("3.13t")).isEqualTo(new Versions.Request("3.13", true));
        assertThat(Versions.parseRequest(" ").version()).isEmpty();
        assertThat(Versions.parseRequest("any").version()).isEmpty();
    }

    @Test
    void aNonsenseRequestIsRefusedNamingIt() {
        assertThatThrownBy(() -> Versions.parseRequest("three"))
                .isInstanceOfSatisfying(RegistryException.class, e -> {
                    assertThat(e.reason()).isEqualTo(RegistryException.Reason.INVALID_VERSION_REQUEST);
                    assertThat(e.input()).contains("three");
                })
                .hasMessageContaining("'three'").hasMessageContaining("3.13");
    }

    @Test
    void versionsOrderNumericallyWithPreReleasesFirst() {
        assertThat(Versions.compare("3.10.0", "3.9.18")).isPositive();
        assertThat(Versions.compare("3.14.0rc1", "3.14.0")).isNegative();
        assertThat(Versions.compare("3.14.0rc1", "3.13.9")).isPositive();
        assertThat(Versions.compare("3.8", "3.8.0")).isZero();
    }

    @Test
    void managedComesFirstThenNewestThenNotExternallyManagedThenPlainBeforeConda() {
        List<PythonRuntimeInfo> all = List.of(DEBIAN_311, PYENV_311, PYENV_313, MANAGED_312, CONDA_313);

        assertThat(RuntimeSelection.ranked(all, "3", null)).containsExactly(MANAGED_312, PYENV_313, CONDA_313, PYENV_311, DEBIAN_311);
        assertThat(RuntimeSelection.ranked(all, "3.11", null)).containsExactly(PYENV_311, DEBIAN_311);
    }

    @Test
    void thePinnedDefaultWinsWhenItMatches() {
        List<PythonRuntimeInfo> all = List.of(DEBIAN_311, PYENV_313, MANAGED_312);

        assertThat(RuntimeSelection.ranked(all, "3", "debian")).first().isEqualTo(DEBIAN_311);
        assertThat(RuntimeSelection.ranked(all, "3.13", "debian")).containsExactly(PYENV_313);
    }

    @Test
    void freeThreadedBuildsAreChosenOnlyWhenAskedFor() {
        PythonRuntimeInfo freethreaded = new PythonRuntimeInfo("ft", "ft", PythonRuntimeType.SYSTEM, "uv", PythonRuntimeStatus.READY,
                Path.of("/opt/ft/bin/python3.13t"), "3.13.1", "cpython", "x86_64", Path.of("/opt/ft"), Path.of("/opt/ft"), false,
                Optional.empty(), Instant.EPOCH, Optional.empty(), Optional.empty(), true);
        List<PythonRuntimeInfo> all = List.of(freethreaded, PYENV_313);

        assertThat(RuntimeSelection.ranked(all, "3.13", null)).containsExactly(PYENV_313);
        assertThat(RuntimeSelection.ranked(all, "3.13t", null)).containsExactly(freethreaded);
        assertThat(RuntimeSelection.skipped(all, "3.13")).singleElement().satisfies(skip -> {
            assertThat(skip.reason()).isEqualTo(SkippedCandidate.Reason.FREE_THREADING);
            assertThat(skip.detail()).contains("3.13t");
        });
    }

    @Test
    void aFinalReleaseBeatsItsReleaseCandidate() {
        assertThat(RuntimeSelection.ranked(List.of(RC_314, FINAL_314), "3.14", null)).first().isEqualTo(FINAL_314);
    }

    @Test
    void everyPassedOverInterpreterSaysWhy() {
        PythonRuntimeInfo old = runtime("old", "3.7.16", PythonRuntimeType.SYSTEM, "pyenv", false);
        PythonRuntimeInfo venv = runtime("venv", "3.13.0", PythonRuntimeType.VIRTUAL_ENV, "venv", false);
        PythonRuntimeInfo broken = runtime("broken", "3.13.0", PythonRuntimeType.SYSTEM, "path", false)
                .withStatus(PythonRuntimeStatus.ERROR, Optional.of("exited with code 1"));

        List<SkippedCandidate> skipped = RuntimeSelection.skipped(List.of(old, venv, broken, DEBIAN_311, PYENV_313), "3");

        assertThat(skipped).extracting(s -> s.runtime().id(), SkippedCandidate::reason).containsExactly(
                org.assertj.core.groups.Tuple.tuple("old", SkippedCandidate.Reason.TOO_OLD),
                org.assertj.core.groups.Tuple.tuple("venv", SkippedCandidate.Reason.VIRTUAL_ENV),
                org.assertj.core.groups.Tuple.tuple("broken", SkippedCandidate.Reason.NOT_READY));
        assertThat(RuntimeSelection.skipped(List.of(DEBIAN_311), "3.13")).singleElement()
                .extracting(SkippedCandidate::describe).isEqualTo("3.11.2 (path: /opt/debian/bin/python3): version 3.11.2 does not match 3.13");
    }
}

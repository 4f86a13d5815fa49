package io.beep.python.testing;

import io.beep.python.process.Cancellation;
import io.beep.python.process.ProcessRunner;
import io.beep.python.provision.DownloadListener;
import io.beep.python.provision.ProvisionRequest;
import io.beep.python.provision.ProvisionedPython;
import io.beep.python.provision.PythonProvisioner;

import java.nio.file.Path;
import java.util.List;

/**
 * A real, ready CPython 3.13.5 for tests: the {@code org.bytedeco:cpython} jar that Maven resolved
 * into the local repository, provisioned once by the real {@link PythonProvisioner} into a home
 * under the module's build directory ({@code target/beep-python-test-python}; Surefire and Failsafe
 * set {@code beep.test.work} to {@code ${project.build.directory}}) and reused by every later test
 * and test JVM of that build. Not under {@code java.io.tmpdir}: that was shared by every checkout
 * and run. The provisioner unpacks into a staging directory beside the target and renames it into
 * place under its inter-process lock, so a killed run leaves no half-made interpreter and a JVM that
 * loses the race uses the winner's; nothing touches the network.
 * <p>
 * Tests must not install packages into it: make a venv from it.
 */
public final class TestPython {

    public static final String VERSION = "3.13.5";
    public static final String MAVEN_VERSION = "3.13.5-1.5.12";
    public static final String CLASSIFIER = "linux-x86_64";

    private TestPython() {
    }

    /** {@code bin/python3} of the shared test interpreter, provisioned on first use. */
    public static Path executable() {
        return python().executable();
    }

    /** The shared interpreter's installation directory. */
    public static Path installDir() {
        return python().installDir();
    }

    /** The provisioner home the interpreter lives in: under {@code beep.test.work}, else {@code target/} of the working directory. */
    public static Path home() {
        String work = System.getProperty(WORK_PROPERTY);
        Path base = work == null || work.isBlank() ? Path.of("target") : Path.of(work);
        return base.toAbsolutePath().resolve("beep-python-test-python");
    }

    /**
     * A new directory under the build directory (beside the test interpreter), for a test whose files must
     * outlive a {@code @TempDir}: an interpreter loaded into the JVM keeps using them. A run that dies
     * leaves it under {@code target/}, not in {@code /tmp} where nothing ever removes it.
     */
    public static Path buildScratch(String prefix) throws java.io.IOException {
        return java.nio.file.Files.createTempDirectory(java.nio.file.Files.createDirectories(home().getParent().resolve("scratch")), prefix);
    }

    /** The build directory the test interpreter lives under, set by Surefire and Failsafe. */
    public static final String WORK_PROPERTY = "beep.test.work";

    /** The local Maven repository as the build sees it ({@code maven.repo.local}, set by Surefire). */
    public static Path localMavenRepository() {
        String property = System.getProperty("maven.repo.local");
        if (property != null && !property.isBlank()) {
            return Path.of(property);
        }
        return Path.of(System.getProperty("user.home"), ".m2", "repository");
    }

    /** The bytedeco CPython jar in the local Maven repository. */
    public static Path jar() {
        return localMavenRepository().resolve(LoopbackMavenRepository.artifactPath("org.bytedeco", "cpython", MAVEN_VERSION,
                CLASSIFIER, "jar"));
    }

    private static ProvisionedPython python;

    /**
     * Provisioned on first use and remembered for the JVM. A failure is reported to every caller with
     * its cause (a class-initialiser holder would report it once and then only "could not initialize").
     */
    private static synchronized ProvisionedPython python() {
        if (python == null) {
            try {
                python = new PythonProvisioner(home(), new ProcessRunner()).provision(ProvisionRequest.maven(VERSION, List.of()),
                        DownloadListener.none(), Cancellation.none());
            } catch (RuntimeException e) {
                throw new IllegalStateException("The test CPython " + VERSION + " could not be provisioned from " + jar()
                        + " into " + home() + ": " + e.getMessage(), e);
            }
        }
        return python;
    }
}

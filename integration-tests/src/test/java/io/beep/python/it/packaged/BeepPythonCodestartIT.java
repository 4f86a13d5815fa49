package io.beep.python.it.packaged;

import static io.quarkus.devtools.codestarts.quarkus.QuarkusCodestartCatalog.Language.JAVA;
import static org.assertj.core.api.Assertions.assertThat;

import io.beep.python.testing.LoopbackMavenRepository;
import io.beep.python.testing.TestPython;
import io.quarkus.devtools.testing.codestarts.QuarkusCodestartTest;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The {@code beep-python} codestart, as {@code quarkus create app -x beep-python} uses it: Quarkus'
 * codestart tooling generates the project from this build's codestarts jar, and a real {@code mvn test}
 * of the generated project runs its own {@code @QuarkusTest} (its packaging is what PackagedAppProvisioningIT
 * proves for user projects; leaving it out here saves a second build of the application). That test calls
 * the REST endpoint, which calls {@code src/main/python/hello.py} through the workers, on a fresh home
 * with {@code runtime=embedded}: CPython is provisioned from the repository the build's settings name
 * (a loopback mirror serving the CPython of the local repository), as a new user's first run does
 * from Maven Central.
 */
class BeepPythonCodestartIT {

    private static final String VERSION = System.getProperty("beep.it.version", "0.1.0-SNAPSHOT");
    private static final Path WORK = Path.of("target", "codestart").toAbsolutePath();
    private static final Path ROOT = Path.of(System.getProperty("beep.it.root", "..")).toAbsolutePath().normalize();

    @RegisterExtension
    static final QuarkusCodestartTest CODESTART = QuarkusCodestartTest.builder()
            .setupStandaloneExtensionTest("io.beep.python:quarkus-beep-python")
            .languages(JAVA)
            .build();

    /**
     * The codestart tooling resolves the extension and its codestarts jar with Maven's resolver: from a local
     * repository holding this build's artifacts (not installed anywhere), the build's own repository chained
     * read-only behind it for everything else.
     */
    @BeforeAll
    static void stageTheExtension() throws IOException {
        Path repository = fresh("generator-repository");
        install(repository, "quarkus-beep-python-parent", ROOT.resolve("pom.xml"));
        install(repository, "quarkus-beep-python", ROOT.resolve("runtime/pom.xml"));
        copyArtifact(repository, "quarkus-beep-python", "");
        copyArtifact(repository, "quarkus-beep-python", "-codestarts");
        String repoLocal = System.getProperty("maven.repo.local");
        String repoLocalTail = System.getProperty("maven.repo.local.tail");
        String outer = repoLocal != null ? repoLocal : Path.of(System.getProperty("user.home"), ".m2", "repository").toString();
        // The tooling keeps the resolver it makes first, and the catalogs read here: the properties are needed only now.
        // Others in this JVM read maven.repo.local as the build's own repository (LoopbackMavenRepository, UserProject).
        System.setProperty("maven.repo.local", repository.toString());
        System.setProperty("maven.repo.local.tail", outer);
        try {
            CODESTART.getQuarkusCodestartCatalog();
        } finally {
            restore("maven.repo.local", repoLocal);
            restore("maven.repo.local.tail", repoLocalTail);
        }
    }

    @Test
    void theStarterCallsPythonThroughTheWorkers() throws Throwable {
        CODESTART.assertThatGeneratedFile(JAVA, source("main", "org.acme.HelloPythonResource")).content()
                .contains("@Path(\"/hello-python\")")
                .contains("python.workers().call(\"hello:greet\", String.class, name)");
        CODESTART.assertThatGeneratedFile(JAVA, "src/main/python/hello.py").content()
                .contains("def greet(name):");
        CODESTART.assertThatGeneratedFile(JAVA, source("test", "org.acme.HelloPythonResourceTest")).content()
                .contains("@QuarkusTest").contains(".get(\"/hello-python\")");
        CODESTART.assertThatGeneratedFile(JAVA, "src/main/resources/application.properties").content()
                .contains("beep.python.python-version=3.13")
                .contains("beep.python.workers.preload=hello");
        CODESTART.assertThatGeneratedFile(JAVA, "pom.xml").content()
                .contains("<artifactId>quarkus-beep-python</artifactId>")
                .contains("<artifactId>quarkus-rest</artifactId>")
                .contains("<artifactId>rest-assured</artifactId>");
        CODESTART.assertThatGeneratedFile(JAVA, "README.md").content()
                .contains("python.workers().call(\"hello:greet\", String.class, name)");
    }

    @Test
    void theGeneratedProjectBuildsAndItsTestCallsPython() throws Throwable {
        Path project = CODESTART.getProjectWithRealDataDir(JAVA);
        Path work = fresh("build");
        try (LoopbackMavenRepository mirror = LoopbackMavenRepository.start()) {
            String cpython = mirror.publishFromLocalRepository("org.bytedeco", "cpython", TestPython.MAVEN_VERSION,
                    TestPython.CLASSIFIER, "jar");
            Path settings = Files.writeString(work.resolve("settings.xml"),
                    UserProject.mirrorSettings("company-mirror", mirror.uri().toString()));
            Path log = work.resolve("build.log");
            ProcessBuilder maven = UserProject.existing(project).maven(settings, "test");
            // The embedded runtime on a home of its own: what a new user's first run does, whatever Python this machine has.
            Map<String, String> env = maven.environment();
            env.put("BEEP_PYTHON_HOME", work.resolve("beep-home").toString());
            env.put("BEEP_PYTHON_RUNTIME", "embedded");
            // Not the fixed 8081 of @QuarkusTest: other builds on this machine may hold it.
            env.put("QUARKUS_HTTP_TEST_PORT", "0");
            Process process = maven.redirectErrorStream(true).redirectOutput(log.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
            if (!process.waitFor(Duration.ofMinutes(8).toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor();
                throw new AssertionError("mvn test of the generated project did not finish in 8 minutes:\n" + Files.readString(log));
            }
            String output = Files.readString(log);
            assertThat(process.exitValue()).as("mvn test of the generated project %s:%n%s", project, output).isZero();
            // Its own test ran and passed (not skipped), against the CPython provisioned from the build's mirror.
            assertThat(project.resolve("target/surefire-reports/TEST-" + CODESTART.repackagedClassName("org.acme.HelloPythonResourceTest") + ".xml")).content()
                    .contains("tests=\"1\"").contains("failures=\"0\"").contains("errors=\"0\"").contains("skipped=\"0\"");
            assertThat(mirror.downloads(cpython)).as(output).isEqualTo(1);
        }
    }

    /** The generated source of {@code className}, in the package the tooling gave the project. */
    private static String source(String set, String className) {
        return "src/" + set + "/java/" + CODESTART.repackagedClassName(className).replace('.', '/') + ".java";
    }

    private static void install(Path repository, String artifactId, Path pom) throws IOException {
        Path dir = Files.createDirectories(repository.resolve("io/beep/python/" + artifactId + "/" + VERSION));
        Files.copy(pom, dir.resolve(artifactId + "-" + VERSION + ".pom"), StandardCopyOption.REPLACE_EXISTING);
    }

    private static void copyArtifact(Path repository, String artifactId, String classifier) throws IOException {
        String name = artifactId + "-" + VERSION + classifier + ".jar";
        Path jar = ROOT.resolve("runtime/target/" + name);
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: the runtime must be packaged before this test runs");
        }
        Files.copy(jar, repository.resolve("io/beep/python/" + artifactId + "/" + VERSION + "/" + name),
                StandardCopyOption.REPLACE_EXISTING);
    }

    private static void restore(String key, String value) {
        if (value == null) {
            System.clearProperty(key);
        } else {
            System.setProperty(key, value);
        }
    }

    private static Path fresh(String name) throws IOException {
        Files.createDirectories(WORK);
        return Files.createTempDirectory(WORK, name + "-");
    }
}

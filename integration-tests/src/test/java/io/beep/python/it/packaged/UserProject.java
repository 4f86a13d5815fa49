package io.beep.python.it.packaged;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A user's Quarkus application that depends on the extension, built by a real {@code mvn package}
 * (this repository's Maven wrapper, the Quarkus Maven plugin, no special settings but the
 * {@code settings.xml} a test writes). The extension's artifacts of this build are placed in the
 * nested build's local repository as if installed; everything else comes from this build's local
 * repository, chained read-only behind it ({@code maven.repo.local.tail}), so the nested build
 * needs no network.
 */
final class UserProject {

    private static final String VERSION = System.getProperty("beep.it.version", "0.1.0-SNAPSHOT");
    private static final String QUARKUS_VERSION = System.getProperty("beep.it.quarkus.version", "3.33.2");

    private final Path root;
    private final Path dir;

    private UserProject(Path root, Path dir) {
        this.root = root;
        this.dir = dir;
    }

    /** Writes the project into {@code dir}: a pom, {@code application.properties}, nothing else. */
    static UserProject create(Path dir, String applicationProperties) throws IOException {
        return create(dir, applicationProperties, Map.of());
    }

    /** As {@link #create(Path, String)}, with {@code python} files (relative path to content) under {@code src/main/python}. */
    static UserProject create(Path dir, String applicationProperties, Map<String, String> python) throws IOException {
        return create(dir, applicationProperties, python, List.of());
    }

    /** As {@link #create(Path, String, Map)}, with more Quarkus extensions ({@code io.quarkus} artifact ids, versions from the BOM). */
    static UserProject create(Path dir, String applicationProperties, Map<String, String> python, List<String> quarkusExtensions)
            throws IOException {
        for (Map.Entry<String, String> file : python.entrySet()) {
            Path target = dir.resolve("src/main/python").resolve(file.getKey());
            Files.createDirectories(target.getParent());
            Files.writeString(target, file.getValue());
        }
        Path root = Path.of(System.getProperty("beep.it.root", "..")).toAbsolutePath().normalize();
        Files.createDirectories(dir.resolve("src/main/resources"));
        // Its own .mvn stops Maven from taking this repository's root as the project's base directory.
        Files.createDirectories(dir.resolve(".mvn"));
        StringBuilder extensions = new StringBuilder();
        for (String artifactId : quarkusExtensions) {
            extensions.append("    <dependency>\n      <groupId>io.quarkus</groupId>\n      <artifactId>").append(artifactId)
                    .append("</artifactId>\n    </dependency>\n");
        }
        Files.writeString(dir.resolve("pom.xml"), POM.replace("@VERSION@", VERSION).replace("@QUARKUS@", QUARKUS_VERSION)
                .replace("    <!-- @EXTENSIONS@ -->\n", extensions.toString()));
        Files.writeString(dir.resolve("src/main/resources/application.properties"), applicationProperties);
        return new UserProject(root, dir);
    }

    /** A project already written into {@code dir} (a generated one: BeepPythonCodestartIT), built as those of {@link #create}. */
    static UserProject existing(Path dir) {
        return new UserProject(Path.of(System.getProperty("beep.it.root", "..")).toAbsolutePath().normalize(), dir);
    }

    /** The project's directory. */
    Path dir() {
        return dir;
    }

    /** {@code target/quarkus-app} of the project. */
    Path quarkusApp() {
        return dir.resolve("target/quarkus-app");
    }

    /** Runs {@code mvn package} with {@code settings}; returns the build's output, failing with it when the build fails. */
    String mvnPackage(Path settings) throws IOException, InterruptedException {
        BuildOutcome outcome = build(settings);
        if (outcome.exitCode() != 0) {
            throw new AssertionError("mvn package failed (exit " + outcome.exitCode() + "):\n" + outcome.output());
        }
        return outcome.output();
    }

    /** What {@code mvn package} printed, and its exit code. */
    record BuildOutcome(int exitCode, String output) {
    }

    /** Runs {@code mvn package} with {@code settings}, whatever its outcome. */
    BuildOutcome build(Path settings) throws IOException, InterruptedException {
        Path log = dir.resolve("build.log");
        Process process = maven(settings, "-DskipTests", "package").redirectErrorStream(true).redirectOutput(log.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
        if (!process.waitFor(Duration.ofMinutes(8).toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("mvn package did not finish in 8 minutes:\n" + Files.readString(log));
        }
        return new BuildOutcome(process.exitValue(), Files.readString(log));
    }

    /** A Maven run in the project with {@code settings} and the two chained local repositories. */
    ProcessBuilder maven(Path settings, String... arguments) throws IOException {
        Path localRepository = dir.resolve("local-repository");
        installExtension(localRepository);
        Path outerRepository = Path.of(System.getProperty("maven.repo.local",
                Path.of(System.getProperty("user.home"), ".m2", "repository").toString()));
        List<String> command = new ArrayList<>(List.of(root.resolve("mvnw").toString(), "-B", "-ntp", "-s", settings.toString(),
                "-Dmaven.repo.local=" + localRepository, "-Dmaven.repo.local.tail=" + outerRepository));
        command.addAll(List.of(arguments));
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile());
        // The surrounding build's own command line (its -s, its base directory) must not leak into this one.
        Map<String, String> env = builder.environment();
        env.keySet().removeIf(key -> key.startsWith("MAVEN_") && !key.equals("MAVEN_USER_HOME"));
        return builder;
    }

    /** The extension as {@code mvn install} would leave it: poms and jars of this build, no tracking files. */
    private void installExtension(Path localRepository) throws IOException {
        install(localRepository, "quarkus-beep-python-parent", root.resolve("pom.xml"), null);
        install(localRepository, "quarkus-beep-python", root.resolve("runtime/pom.xml"),
                root.resolve("runtime/target/quarkus-beep-python-" + VERSION + ".jar"));
        // The runtime's conditional dev dependency (the Dev UI's JSON-RPC service), resolved by quarkus:dev.
        install(localRepository, "quarkus-beep-python-dev", root.resolve("runtime-dev/pom.xml"),
                root.resolve("runtime-dev/target/quarkus-beep-python-dev-" + VERSION + ".jar"));
        install(localRepository, "quarkus-beep-python-deployment", root.resolve("deployment/pom.xml"),
                root.resolve("deployment/target/quarkus-beep-python-deployment-" + VERSION + ".jar"));
    }

    private static void install(Path localRepository, String artifactId, Path pom, Path jar) throws IOException {
        Path dir = Files.createDirectories(localRepository.resolve("io/beep/python/" + artifactId + "/" + VERSION));
        Files.copy(pom, dir.resolve(artifactId + "-" + VERSION + ".pom"), StandardCopyOption.REPLACE_EXISTING);
        if (jar != null) {
            if (!Files.isRegularFile(jar)) {
                throw new IllegalStateException(jar + " is missing: the extension must be packaged before this test runs");
            }
            Files.copy(jar, dir.resolve(artifactId + "-" + VERSION + ".jar"), StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** A settings.xml whose only mirror, for every repository, is {@code url}. */
    static String mirrorSettings(String id, String url) {
        return """
                <settings xmlns="http://maven.apache.org/SETTINGS/1.0.0">
                  <mirrors>
                    <mirror>
                      <id>%s</id>
                      <mirrorOf>*</mirrorOf>
                      <url>%s</url>
                    </mirror>
                  </mirrors>
                </settings>
                """.formatted(id, url);
    }

    private static final String POM = """
            <?xml version="1.0" encoding="UTF-8"?>
            <project xmlns="http://maven.apache.org/POM/4.0.0">
              <modelVersion>4.0.0</modelVersion>
              <groupId>com.example</groupId>
              <artifactId>user-app</artifactId>
              <version>1.0</version>
              <properties>
                <maven.compiler.release>17</maven.compiler.release>
                <project.build.sourceEncoding>UTF-8</project.build.sourceEncoding>
              </properties>
              <dependencyManagement>
                <dependencies>
                  <dependency>
                    <groupId>io.quarkus</groupId>
                    <artifactId>quarkus-bom</artifactId>
                    <version>@QUARKUS@</version>
                    <type>pom</type>
                    <scope>import</scope>
                  </dependency>
                </dependencies>
              </dependencyManagement>
              <dependencies>
                <dependency>
                  <groupId>io.beep.python</groupId>
                  <artifactId>quarkus-beep-python</artifactId>
                  <version>@VERSION@</version>
                </dependency>
                <dependency>
                  <groupId>io.quarkus</groupId>
                  <artifactId>quarkus-smallrye-health</artifactId>
                </dependency>
                <!-- @EXTENSIONS@ -->
              </dependencies>
              <build>
                <plugins>
                  <plugin>
                    <groupId>org.apache.maven.plugins</groupId>
                    <artifactId>maven-compiler-plugin</artifactId>
                    <version>3.14.0</version>
                  </plugin>
                  <plugin>
                    <groupId>org.apache.maven.plugins</groupId>
                    <artifactId>maven-surefire-plugin</artifactId>
                    <version>3.5.3</version>
                  </plugin>
                  <plugin>
                    <groupId>io.quarkus</groupId>
                    <artifactId>quarkus-maven-plugin</artifactId>
                    <version>@QUARKUS@</version>
                    <extensions>true</extensions>
                    <executions>
                      <execution>
                        <goals>
                          <goal>build</goal>
                        </goals>
                      </execution>
                    </executions>
                  </plugin>
                </plugins>
              </build>
            </project>
            """;
}

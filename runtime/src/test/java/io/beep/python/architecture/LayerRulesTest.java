package io.beep.python.architecture;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.properties.HasName.Predicates.nameMatching;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The house rules of the runtime module: the core is plain Java; each room stands alone, reaching
 * other rooms only downwards and only through their public doors; only the bootstrap knows stages;
 * only the Quarkus layer spells configuration keys.
 */
class LayerRulesTest {

    private static final JavaClasses RUNTIME = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.beep.python");

    private static final String[] ROOMS = {"io.beep.python.provision..", "io.beep.python.registry..", "io.beep.python.venv..",
            "io.beep.python.packages..", "io.beep.python.process..", "io.beep.python.fs..", "io.beep.python.workers..",
            "io.beep.python.inprocess.."};

    @Test
    void onlyTheQuarkusPackageKnowsQuarkusJakartaSmallRyeOrMicroProfile() {
        ArchRule rule = noClasses().that().resideInAPackage("io.beep.python..")
                .and().resideOutsideOfPackage("io.beep.python.quarkus..")
                .should().dependOnClassesThat().resideInAnyPackage("io.quarkus..", "jakarta..", "io.smallrye..",
                        "org.eclipse.microprofile..", "io.vertx..", "org.jboss..")
                .because("the core must be usable and testable without Quarkus");
        rule.check(RUNTIME);
    }

    /** Vert.x is an optional dependency (the application may have no HTTP server): only the management endpoint touches it. */
    @Test
    void onlyTheManagementEndpointKnowsVertx() {
        ArchRule rule = noClasses().that().resideInAPackage("io.beep.python..")
                .and().resideOutsideOfPackage("io.beep.python.quarkus.management..")
                .should().dependOnClassesThat().resideInAnyPackage("io.vertx..")
                .because("quarkus-vertx-http is optional: the rest of the extension must load without it");
        rule.check(RUNTIME);
    }

    @Test
    void roomsReachOtherRoomsOnlyDownwards() {
        // provision verifies a new interpreter with the registry's probe, so the registry sits below it.
        layeredArchitecture().consideringOnlyDependenciesInLayers().withOptionalLayers(true)
                .layer("quarkus").definedBy("io.beep.python.quarkus..")
                .layer("bootstrap").definedBy("io.beep.python.bootstrap..")
                .layer("inprocess").definedBy("io.beep.python.inprocess..")
                .layer("workers").definedBy("io.beep.python.workers..")
                .layer("packages").definedBy("io.beep.python.packages..")
                .layer("venv").definedBy("io.beep.python.venv..")
                .layer("registry").definedBy("io.beep.python.registry..")
                .layer("provision").definedBy("io.beep.python.provision..")
                .layer("process").definedBy("io.beep.python.process..")
                .layer("fs").definedBy("io.beep.python.fs..")
                .whereLayer("quarkus").mayNotBeAccessedByAnyLayer()
                .whereLayer("bootstrap").mayOnlyBeAccessedByLayers("quarkus")
                .whereLayer("inprocess").mayOnlyBeAccessedByLayers("bootstrap", "quarkus")
                .whereLayer("workers").mayOnlyBeAccessedByLayers("inprocess", "bootstrap", "quarkus")
                .whereLayer("packages").mayOnlyBeAccessedByLayers("workers", "bootstrap", "quarkus")
                .whereLayer("venv").mayOnlyBeAccessedByLayers("packages", "workers", "bootstrap", "quarkus")
                .whereLayer("registry").mayOnlyBeAccessedByLayers("provision", "venv", "inprocess", "bootstrap", "quarkus")
                .whereLayer("provision").mayOnlyBeAccessedByLayers("bootstrap", "quarkus")
                .whereLayer("process").mayOnlyBeAccessedByLayers("provision", "registry", "venv", "packages", "workers", "inprocess", "bootstrap",
                        "quarkus")
                .because("the bootstrap composes the rooms; a room builds only on the rooms below it")
                .check(RUNTIME);
    }

    @Test
    void onlyTheBootstrapAttachesAStage() {
        ArchRule rule = noClasses().that().resideInAnyPackage(ROOMS)
                .should().dependOnClassesThat().haveFullyQualifiedName("io.beep.python.BootstrapStage")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("io.beep.python.PythonBootstrapException")
                .because("a room raises its own error naming the input; the bootstrap knows in which stage it was called");
        rule.check(RUNTIME);
    }

    @Test
    void processAndFileSystemRoomsExposeOnlyTheirDoors() {
        Set<String> doors = Set.of("ProcessRunner", "ProcessSpec", "ProcessObserver", "Cancellation", "InterProcessLock", "Durations",
                "AtomicFiles", "FileTrees", "ScratchOwner", "Digests", "Platform", "HomeDirectory", "HomeLayout", "BundledScript", "ManifestLines");
        ArchRule rule = classes().that().resideInAnyPackage("io.beep.python.process..", "io.beep.python.fs..")
                .and().haveModifier(JavaModifier.PUBLIC).and().areTopLevelClasses()
                .should().haveNameMatching(".*\\.(" + String.join("|", doors) + "|\\w+Exception)")
                .because("everything else in these rooms is an implementation detail");
        rule.check(RUNTIME);
    }

    /**
     * The sub-rooms of packages stand alone, each behind one door: pep508 needs nothing else of the project (as
     * uv-pep508), store and lock reach down only, to pep508, and raise the packages room's own error.
     */
    @Test
    void packagesSubRoomsExposeOnlyTheirDoors() {
        Map<String, Set<String>> doors = Map.of(
                "io.beep.python.packages.pep508", Set.of("Pep508Parser", "ParsedRequirement", "Version", "VersionSpecifier", "Marker",
                        "Pep508Environment"),
                "io.beep.python.packages.store", Set.of("DistributionStore"),
                "io.beep.python.packages.lock", Set.of("LockFile", "LockRecorder", "LockReport"));
        doors.forEach((room, names) -> classes().that().resideInAPackage(room)
                .and().haveModifier(JavaModifier.PUBLIC).and().areTopLevelClasses()
                .should().haveNameMatching(Pattern.quote(room) + "\\.(" + String.join("|", names) + ")")
                .because("everything else in a sub-room is an implementation detail")
                .check(RUNTIME));
        noClasses().that().resideInAPackage("io.beep.python.packages.pep508..")
                .should().dependOnClassesThat(resideInAPackage("io.beep.python..").and(not(resideInAPackage("io.beep.python.packages.pep508.."))))
                .because("PEP 440/508 parsing and markers depend on nothing else in the project")
                .check(RUNTIME);
        noClasses().that().resideInAnyPackage("io.beep.python.packages.store..", "io.beep.python.packages.lock..")
                .should().dependOnClassesThat(resideInAPackage("io.beep.python.packages")
                        .and(not(nameMatching("io\\.beep\\.python\\.packages\\.PackagesException(\\$.*)?"))))
                .because("a sub-room never calls up into packages; it raises the room's PackagesException")
                .check(RUNTIME);
        noClasses().that().resideInAPackage("io.beep.python.packages.store..")
                .should().dependOnClassesThat().resideInAPackage("io.beep.python.packages.lock..")
                .because("the store keeps what packages hands it, lock files included")
                .check(RUNTIME);
        noClasses().that().resideInAPackage("io.beep.python.packages.lock..")
                .should().dependOnClassesThat().resideInAPackage("io.beep.python.packages.store..")
                .because("lock files know nothing of the store")
                .check(RUNTIME);
    }

    /** Every process goes through ProcessRunner: an argv list and the cleaned environment, never a shell string. */
    @Test
    void onlyTheProcessRunnerStartsProcessesAndNothingRunsAShell() throws IOException {
        noClasses().that().doNotHaveFullyQualifiedName("io.beep.python.process.ProcessRunner")
                .should().callConstructor(ProcessBuilder.class, List.class)
                .orShould().callConstructor(ProcessBuilder.class, String[].class)
                .orShould().callMethod(Runtime.class, "exec", String.class)
                .orShould().callMethod(Runtime.class, "exec", String[].class)
                .because("ProcessRunner is the one door: argv list, clean environment, time-out, cancellation")
                .check(RUNTIME);
        Pattern shell = Pattern.compile("\"(/bin/)?(sh|bash|zsh|dash|cmd(\\.exe)?|powershell|pwsh)\"\\s*,\\s*\"[-/](c|C|Command)\"");
        Path core = Path.of("src/main/java/io/beep/python");
        List<String> offenders;
        try (Stream<Path> files = Files.walk(core)) {
            offenders = files.filter(f -> f.toString().endsWith(".java")).flatMap(LayerRulesTest::codeLines)
                    .filter(line -> shell.matcher(line).find()).toList();
        }
        assertThat(offenders).as("shell command strings in main code").isEmpty();
        assertThat(shell.matcher("List.of(\"sh\", \"-c\", script)").find()).as("the pattern itself").isTrue();
    }

    /**
     * Configuration keys are the Quarkus layer's words; the core says what to do in its own. A key is
     * {@code beep.python.*}, a {@code workers.*} key or a {@code key=value} such as {@code runtime=system},
     * looked for inside string literals only (code such as {@code workers.size()} is not a message).
     */
    @Test
    void noConfigurationKeyIsSpelledOutsideTheQuarkusLayer() throws IOException {
        Pattern literal = Pattern.compile("\"(?:[^\"\\\\]|\\\\.)*\"");
        Pattern key = Pattern.compile("(?<!io\\.)beep\\.python\\.[a-z\\\\\"]|\\bworkers\\.[a-z][a-z-]*"
                + "|\\b(runtime|installer|accelerator|startup|auto-repair|allow-insecure-http|venv\\.enabled|distribution\\.source)=");
        java.util.function.Predicate<String> spellsKey = line -> literal.matcher(line).results()
                .anyMatch(string -> key.matcher(string.group()).find());
        Path core = Path.of("src/main/java/io/beep/python");
        List<String> offenders;
        try (Stream<Path> files = Files.walk(core)) {
            offenders = files.filter(f -> f.toString().endsWith(".java"))
                    .filter(f -> !f.startsWith(core.resolve("quarkus")))
                    .flatMap(LayerRulesTest::codeLines)
                    .filter(spellsKey)
                    .toList();
        }
        assertThat(offenders).as("configuration keys in core code").isEmpty();
        assertThat(spellsKey.test("\"Set beep.python.\\\"\" + name + \"\\\".timeout\"")).as("the pattern itself").isTrue();
        assertThat(spellsKey.test("what = \"passed workers.call-timeout (\" + millis + \" ms)\";")).as("the pattern itself").isTrue();
        assertThat(spellsKey.test("\" (runtime=system never provisions)\")")).as("the pattern itself").isTrue();
        assertThat(spellsKey.test("() -> \"installer=auto: uv is not available\"")).as("the pattern itself").isTrue();
        assertThat(spellsKey.test("LOG.log(Level.INFO, \"{0} workers\", workers.size());")).as("code, not a message").isFalse();
        assertThat(spellsKey.test("new ClassFileImporter().importPackages(\"io.beep.python.workers\")")).as("a package name").isFalse();
        assertThat(spellsKey.test("\"--hash=sha256:\" + digest")).as("an unrelated key=value").isFalse();
        assertThat(spellsKey.test("+ \", offline=\" + offline + \"]\";")).as("a toString field").isFalse();
    }

    /** The home's folder names belong to HomeLayout: a room asks it where its files go, so the layout is written once. */
    @Test
    void noHomeFolderNameIsSpelledOutsideTheHomeLayout() throws IOException {
        String names = "\"(locks|cache|embedded|venvs|tmp|tools|app)\"";
        Pattern folder = Pattern.compile("resolve\\(" + names + "\\)|(Path\\.of|Paths\\.get)\\([^;]*" + names);
        List<String> offenders = new java.util.ArrayList<>();
        for (Path main : List.of(Path.of("src/main/java"), Path.of("../cli/src/main/java"), Path.of("../deployment/src/main/java"))) {
            if (!Files.isDirectory(main)) {
                continue;
            }
            try (Stream<Path> files = Files.walk(main)) {
                files.filter(f -> f.toString().endsWith(".java"))
                        .filter(f -> !f.endsWith(Path.of("io/beep/python/fs/HomeLayout.java")))
                        .flatMap(LayerRulesTest::codeLines)
                        .filter(line -> folder.matcher(line).find())
                        .forEach(offenders::add);
            }
        }
        assertThat(offenders).as("home folder names outside HomeLayout").isEmpty();
        assertThat(folder.matcher("this.dir = home.resolve(\"cache\");").find()).as("the pattern itself").isTrue();
        assertThat(folder.matcher("Path.of(home.toString(), \"locks\")").find()).as("the pattern itself").isTrue();
        assertThat(folder.matcher("new Check(\"locks\", Status.OK, \"cache\")").find()).as("a word in a message").isFalse();
    }

    private static Stream<String> codeLines(Path file) {
        try {
            return Files.readAllLines(file).stream()
                    .filter(line -> !line.strip().startsWith("*") && !line.strip().startsWith("//") && !line.strip().startsWith("/*"))
                    .map(line -> file.getFileName() + ": " + line.strip());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}

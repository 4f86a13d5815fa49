package io.beep.python.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;

import org.junit.jupiter.api.Test;

/** The core is plain Java: only {@code io.beep.python.quarkus} knows Quarkus, CDI, SmallRye or MicroProfile. */
class LayerRulesTest {

    private static final JavaClasses RUNTIME = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.beep.python");

    @Test
    void onlyTheQuarkusPackageKnowsQuarkusJakartaSmallRyeOrMicroProfile() {
        ArchRule rule = noClasses().that().resideInAPackage("io.beep.python..")
                .and().resideOutsideOfPackage("io.beep.python.quarkus..")
                .should().dependOnClassesThat().resideInAnyPackage("io.quarkus..", "jakarta..", "io.smallrye..",
                        "org.eclipse.microprofile..", "io.vertx..", "org.jboss..")
                .because("the core must be usable and testable without Quarkus");
        rule.check(RUNTIME);
    }

    @Test
    void fileSystemPrimitivesDependOnNoRoom() {
        ArchRule rule = noClasses().that().resideInAPackage("io.beep.python.fs..")
                .should().dependOnClassesThat().resideInAnyPackage("io.beep.python.provision..", "io.beep.python.registry..",
                        "io.beep.python.venv..", "io.beep.python.packages..", "io.beep.python.bootstrap..", "io.beep.python.quarkus..")
                .because("every room builds on atomic writes and safe deletion, so they must not build on a room");
        rule.check(RUNTIME);
    }

    @Test
    void roomsDoNotReachIntoTheBootstrapOrTheQuarkusLayer() {
        ArchRule rule = noClasses().that().resideInAnyPackage("io.beep.python.provision..", "io.beep.python.registry..",
                "io.beep.python.venv..", "io.beep.python.packages..", "io.beep.python.process..", "io.beep.python.fs..")
                .should().dependOnClassesThat().resideInAnyPackage("io.beep.python.bootstrap..", "io.beep.python.quarkus..")
                .because("the bootstrap composes the rooms, not the other way round");
        rule.check(RUNTIME);
    }
}

package io.beep.python.cli;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;

import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/** The CLI is a thin shell over the plain-Java core: no Quarkus, no second implementation of its work. */
class CliRulesTest {

    private static final JavaClasses CLI = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.beep.python.cli");

    @Test
    void theCliNeverStartsQuarkus() {
        noClasses().should().dependOnClassesThat().resideInAnyPackage("io.quarkus..", "jakarta..", "io.smallrye..",
                        "org.eclipse.microprofile..", "io.vertx..", "io.beep.python.quarkus..")
                .because("the CLI runs the core in plain Java, for a fast start").check(CLI);
    }

    @Test
    void processesAreStartedOnlyThroughTheCore() {
        noClasses().should().dependOnClassesThat().haveFullyQualifiedName(ProcessBuilder.class.getName())
                .because("the core's ProcessRunner is the one way to run a process").check(CLI);
    }
}

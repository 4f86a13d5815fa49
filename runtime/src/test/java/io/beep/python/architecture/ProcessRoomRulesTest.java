package io.beep.python.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;

import org.junit.jupiter.api.Test;

/** The process room (running processes, cancellation, locks) stands alone: it knows no bootstrap stage. */
class ProcessRoomRulesTest {

    private static final JavaClasses RUNTIME = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.beep.python");

    @Test
    void theProcessRoomKnowsNoBootstrapStage() {
        noClasses().that().resideInAPackage("io.beep.python.process..")
                .should().dependOnClassesThat().haveFullyQualifiedName("io.beep.python.BootstrapStage")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("io.beep.python.PythonBootstrapException")
                .because("only the bootstrap attaches a stage; the process room raises its own errors naming the input")
                .check(RUNTIME);
    }
}

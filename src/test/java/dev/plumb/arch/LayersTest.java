package dev.plumb.arch;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;

/**
 * The floor plan, checked over the compiled main classes: the transport carries bytes and knows
 * no resource; the engine and the CLI name no concrete kind (only {@code dev.plumb.resource}'s
 * Kind, Part, Step and registry); each third-party library has one owning package.
 */
class LayersTest {
    private static JavaClasses main;

    @BeforeAll
    static void load() {
        main = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.plumb");
    }

    @Test
    void transportKnowsNoResource() {
        noClasses().that().resideInAPackage("dev.plumb.transport..")
                .should().dependOnClassesThat().resideInAPackage("dev.plumb.resource..")
                .check(main);
    }

    @Test
    void engineAndCliNameNoConcreteKind() {
        noClasses().that().resideInAnyPackage("dev.plumb.engine..", "dev.plumb.cli..")
                .should().dependOnClassesThat().resideInAPackage("dev.plumb.resource.(*)..")
                .check(main);
    }

    @Test
    void eachLibraryHasOneOwner() {
        noClasses().that().resideOutsideOfPackage("dev.plumb.transport.ssh..")
                .should().dependOnClassesThat().resideInAPackage("net.schmizz..").check(main);
        noClasses().that().resideOutsideOfPackage("dev.plumb.transport.jdbc..")
                .should().dependOnClassesThat().resideInAPackage("org.postgresql..").check(main);
        noClasses().that().resideOutsideOfPackage("dev.plumb.config..")
                .should().dependOnClassesThat().resideInAPackage("org.yaml..").check(main);
        noClasses().that().resideOutsideOfPackage("dev.plumb.git..")
                .should().dependOnClassesThat().resideInAPackage("org.eclipse.jgit..").check(main);
        noClasses().that().resideOutsideOfPackage("dev.plumb.json..")
                .should().dependOnClassesThat().resideInAPackage("com.fasterxml.jackson..").check(main);
    }
}

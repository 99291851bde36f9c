package dev.plumb.git;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.codeUnits;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaCodeUnit;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;

/** JGit has one owner, and no JGit type shows in that owner's public API, thrown exceptions included. */
class OwnershipTest {
    private static JavaClasses main;

    @BeforeAll
    static void load() {
        main = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.plumb");
    }

    @Test
    void onlyThisPackageImportsJGit() {
        noClasses().that().resideOutsideOfPackage("dev.plumb.git")
                .should().dependOnClassesThat().resideInAPackage("org.eclipse.jgit..").check(main);
    }

    @Test
    void publicApiNamesNoJGitType() {
        codeUnits().that().areDeclaredInClassesThat().resideInAPackage("dev.plumb.git")
                .and().areDeclaredInClassesThat().arePublic()
                .and().haveModifier(JavaModifier.PUBLIC)
                .should(nameNoJGitType()).check(main);
        noClasses().that().resideInAPackage("dev.plumb.git").and().arePublic()
                .should().beAssignableTo(JavaClass.Predicates.resideInAPackage("org.eclipse.jgit..")).check(main);
    }

    private static ArchCondition<JavaCodeUnit> nameNoJGitType() {
        return new ArchCondition<>("name no JGit type in their signature") {
            @Override
            public void check(JavaCodeUnit unit, ConditionEvents events) {
                List<JavaClass> named = new ArrayList<>(unit.getRawParameterTypes());
                named.add(unit.getRawReturnType());
                named.addAll(unit.getThrowsClause().getTypes());
                for (JavaClass c : named) {
                    if (c.getPackageName().startsWith("org.eclipse.jgit")) {
                        events.add(SimpleConditionEvent.violated(unit, unit.getFullName() + " names " + c.getName()));
                    }
                }
            }
        };
    }
}

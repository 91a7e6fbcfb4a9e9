package io.scrapebatch.operator;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

class ArchitectureTest {
  private final com.tngtech.archunit.core.domain.JavaClasses classes =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("io.scrapebatch.operator");

  @Test
  void thePolicyIsPureNoKubernetesClientNoOperatorFrameworkNoSpark() {
    noClasses()
        .that()
        .resideInAPackage("io.scrapebatch.operator.policy..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "io.fabric8..",
            "io.javaoperatorsdk..",
            "org.apache.spark..",
            "io.scrapebatch.operator.k8s..",
            "io.scrapebatch.operator.reconciler..",
            "io.scrapebatch.operator.resources..")
        .check(classes);
  }

  @Test
  void policyDecisionsNeverReadTheWallClock() {
    noClasses()
        .that()
        .resideInAPackage("io.scrapebatch.operator.policy..")
        .should()
        .callMethod(java.time.Instant.class, "now")
        .orShould()
        .callMethod(System.class, "currentTimeMillis")
        .orShould()
        .callMethod(System.class, "getenv", String.class)
        .check(classes);
  }

  @Test
  void theResourceBuildersMakeNoApiCalls() {
    noClasses()
        .that()
        .resideInAPackage("io.scrapebatch.operator.resources..")
        .should()
        .dependOnClassesThat()
        .haveFullyQualifiedName("io.fabric8.kubernetes.client.KubernetesClient")
        .check(classes);
  }
}

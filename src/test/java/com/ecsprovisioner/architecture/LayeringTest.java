package com.ecsprovisioner.architecture;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noFields;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The layout of the README's Architecture table, checked on the compiled main classes (tests are left out: they
 * may reach into any package they test).
 */
class LayeringTest {

    private static final String BASE = "com.ecsprovisioner";

    /** The features: each beside the others, none inside the engine. */
    private static final List<String> FEATURES = List.of("deployment", "lifecycle", "customservers", "cleanup", "firewall");

    /**
     * A feature's public face (its boundary and the types its methods take and give; nested types included): the only
     * classes of it that another package may use. Everything else in a feature is its own. Each feature's
     * {@code package-info.java} says the same.
     */
    private static final Map<String, List<String>> PUBLIC_FACE = Map.of(
            "deployment", List.of("Deployments", "DeployRequest", "DeploymentJobs", "Preflight", "PreflightRefused",
                    "ResourceChain", "NamePattern", "FleetOverview"),
            "lifecycle", List.of("ServerActions", "LifecycleRequests"),
            "cleanup", List.of("Cleanup", "CleanupSettings", "GracePeriods"),
            "customservers", List.of("CustomServers", "CustomServerRequest"),
            "firewall", List.of("Firewall", "FirewallRequests", "FirewallView", "FirewallRule"));

    /**
     * What the automation interface may use of the engine: what the console uses to make and show a request (the
     * job it answers with, the deploy form's policies), never the engine's machinery.
     */
    private static final List<String> ENGINE_FOR_INTERFACES = List.of("Job", "NetworkPolicy", "ZonePolicy");

    private static JavaClasses classes;

    @BeforeAll
    static void importMainClasses() {
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages(BASE);
    }

    @Test
    void theEngineImportsNoFeature() {
        noClasses().that().resideInAPackage(BASE + ".engine..")
                .should().dependOnClassesThat().resideInAnyPackage(packages(FEATURES))
                .because("a job kind plugs into the engine as a handler; adding one must not change the engine")
                .check(classes);
    }

    @Test
    void theEngineNamesNoJobKindOrStep() {
        // Kinds and steps are values the features declare; the engine holds no constant of either type.
        noFields().that().areDeclaredInClassesThat().resideInAPackage(BASE + ".engine..").and().areStatic()
                .should().haveRawType(BASE + ".engine.JobKind").orShould().haveRawType(BASE + ".engine.StepName")
                .because("a new job kind or step must not change the engine")
                .check(classes);
    }

    @Test
    void nothingBelowTheConsoleImportsIt() {
        noClasses().that().resideOutsideOfPackage(BASE + ".console..")
                .should().dependOnClassesThat().resideInAPackage(BASE + ".console..")
                .because("the console is the top layer: it calls the boundaries, nothing calls it")
                .check(classes);
    }

    @Test
    void noPackageUsesAnotherFeaturesInternals() {
        for (String feature : FEATURES) {
            String pkg = BASE + "." + feature;
            noClasses().that().resideOutsideOfPackage(pkg + "..")
                    .should().dependOnClassesThat(internalOf(pkg, PUBLIC_FACE.get(feature)))
                    .because("another package reaches " + feature + " only through its boundary " + PUBLIC_FACE.get(feature))
                    .check(classes);
        }
    }

    @Test
    void nothingTheAutomationInterfaceCallsImportsIt() {
        noClasses().that().resideInAnyPackage(BASE + ".engine..", BASE + ".deployment..", BASE + ".lifecycle..",
                        BASE + ".customservers..", BASE + ".firewall..", BASE + ".platform..", BASE + ".security..")
                .should().dependOnClassesThat().resideInAPackage(BASE + ".automation..")
                .because("the JMS interface is a boundary like the console: it calls the features, they do not know it")
                .check(classes);
    }

    @Test
    void theAutomationInterfaceUsesOfTheEngineOnlyWhatTheConsoleUses() {
        noClasses().that().resideInAPackage(BASE + ".automation..")
                .should().dependOnClassesThat(internalOf(BASE + ".engine", ENGINE_FOR_INTERFACES))
                .because("commands go through the boundaries the console calls, never the engine's internals")
                .check(classes);
    }

    @Test
    void theAuditTrailSitsLowAndImportsNoFeature() {
        noClasses().that().resideInAPackage(BASE + ".audit..")
                .should().dependOnClassesThat().resideInAnyPackage(packages(List.of("deployment", "lifecycle",
                        "customservers", "provider", "engine", "server", "security", "web", "console", "sandbox",
                        "automation", "bootstrap", "cloud")))
                .because("every boundary records its changes in the audit trail; the trail depends on none of them"
                        + " (the web layer hands it the client address through audit.ConsoleClient)")
                .check(classes);
    }

    @Test
    void onlyTheAlibabaAdapterImportsTheAlibabaSdk() {
        noClasses().that().resideOutsideOfPackage(BASE + ".cloud.alibaba..")
                .should().dependOnClassesThat().resideInAPackage("com.aliyun..")
                .because("the cloud port speaks the product's own words; one adapter translates")
                .check(classes);
    }

    @Test
    void theEngineAndTheFeaturesTellEventsThroughTheOutboxNeverTheAutomationInterface() {
        noClasses().that().resideInAnyPackage(BASE + ".engine..", BASE + ".deployment..", BASE + ".lifecycle..",
                        BASE + ".customservers..", BASE + ".server..", BASE + ".platform..")
                .should().dependOnClassesThat().resideInAPackage(BASE + ".automation..")
                .because("the automation interface is a boundary like the console: the engine and the features append events"
                        + " to platform.outbox, and only the automation package relays them (README)")
                .check(classes);
    }

    @Test
    void onlyTheConsoleManagesTheDeadLetters() {
        noClasses().that().resideOutsideOfPackages(BASE + ".console..", BASE + ".automation.deadletters..")
                .should().dependOnClassesThat().resideInAPackage(BASE + ".automation.deadletters..")
                .because("replaying or discarding a dead letter is an admin's decision, made on the console's page")
                .check(classes);
    }

    @Test
    void theTopLevelPackagesFormNoCycle() {
        slices().matching(BASE + ".(*)..").should().beFreeOfCycles().check(classes);
    }

    private static String[] packages(List<String> features) {
        return features.stream().map(f -> BASE + "." + f + "..").toArray(String[]::new);
    }

    private static DescribedPredicate<JavaClass> internalOf(String pkg, List<String> face) {
        return DescribedPredicate.describe("internals of " + pkg, c -> {
            if (!c.getPackageName().equals(pkg) && !c.getPackageName().startsWith(pkg + ".")) {
                return false;
            }
            return face.stream().map(n -> pkg + "." + n)
                    .noneMatch(n -> c.getName().equals(n) || c.getName().startsWith(n + "$"));
        });
    }
}

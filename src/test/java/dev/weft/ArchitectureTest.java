package dev.weft;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The package map as rules. Features ({@code models}, {@code identity}, {@code audiences}, {@code consent}, {@code syncs},
 * {@code destinations}) stand on the infrastructure ({@code warehouse}, {@code store}, {@code audit}); the entry layers
 * ({@code api}, {@code web}, {@code cli}, {@code demo}, {@code bench}) stand on the features, never the other way round.
 * No exception list: a class that breaks a rule moves, or the dependency goes.
 */
@AnalyzeClasses(packages = "dev.weft", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    private static final String[] FEATURES_AND_INFRASTRUCTURE = {"dev.weft.pipeline..", "dev.weft.models..", "dev.weft.identity..",
            "dev.weft.audiences..", "dev.weft.consent..", "dev.weft.syncs..", "dev.weft.destinations..", "dev.weft.alerts..",
            "dev.weft.warehouse..", "dev.weft.store..", "dev.weft.audit..", "dev.weft.phones.."};

    @ArchTest
    static final ArchRule topLevelPackagesHaveNoCycles = slices().matching("dev.weft.(*)..").should().beFreeOfCycles();

    @ArchTest
    static final ArchRule featuresDoNotUseTheCommandLineDemoOrBenchmarks = noClasses()
            .that().resideInAnyPackage(FEATURES_AND_INFRASTRUCTURE)
            .should().dependOnClassesThat().resideInAnyPackage("dev.weft.cli..", "dev.weft.demo..", "dev.weft.bench..", "dev.weft.web..");

    @ArchTest
    static final ArchRule featuresDoNotUseTheHttpLayer = noClasses()
            .that().resideInAnyPackage(FEATURES_AND_INFRASTRUCTURE)
            .should().dependOnClassesThat().resideInAnyPackage("dev.weft.api..", "dev.weft.web..", "io.micronaut.http..");

    /** The web app stands beside the API and uses its auth; the API knows nothing of the web app. */
    @ArchTest
    static final ArchRule theApiDoesNotUseTheWebApp = noClasses()
            .that().resideInAnyPackage("dev.weft.api..")
            .should().dependOnClassesThat().resideInAnyPackage("dev.weft.web..");

    /** The pipeline orchestrates the features; they never call it (a sync's hook is an interface of its own). */
    @ArchTest
    static final ArchRule featuresDoNotUseThePipeline = noClasses()
            .that().resideInAnyPackage("dev.weft.models..", "dev.weft.identity..", "dev.weft.audiences..", "dev.weft.consent..",
                    "dev.weft.syncs..", "dev.weft.destinations..", "dev.weft.alerts..", "dev.weft.warehouse..", "dev.weft.store..", "dev.weft.audit..")
            .should().dependOnClassesThat().resideInAnyPackage("dev.weft.pipeline..");

    @ArchTest
    static final ArchRule warehouseAndStoreDoNotUseFeatures = noClasses()
            .that().resideInAnyPackage("dev.weft.warehouse..", "dev.weft.store..", "dev.weft.audit..", "dev.weft.phones..")
            .should().dependOnClassesThat().resideInAnyPackage("dev.weft.models..", "dev.weft.identity..",
                    "dev.weft.audiences..", "dev.weft.consent..", "dev.weft.syncs..", "dev.weft.destinations..", "dev.weft.alerts..");

    @ArchTest
    static final ArchRule destinationsDoNotUseOtherFeatures = noClasses()
            .that().resideInAnyPackage("dev.weft.destinations..")
            .should().dependOnClassesThat().resideInAnyPackage("dev.weft.models..", "dev.weft.identity..",
                    "dev.weft.audiences..", "dev.weft.consent..", "dev.weft.syncs..", "dev.weft.alerts..");
}

package dev.weft.api.contract;

import org.junit.jupiter.api.Test;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.TagFilter;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectPackage;

/**
 * Every operation of api/openapi.yml is exercised by a contract test: runs the classes under dev.weft.api
 * tagged {@value ContractClient#TAG} (so the check holds whichever tests ran before it) and lists each
 * {@code METHOD /path} none of them passed through {@link ContractClient}.
 */
class ContractCoverageTest {

    @Test
    void everyOperationOfTheContractIsExercised() {
        SummaryGeneratingListener summary = new SummaryGeneratingListener();
        Launcher launcher = LauncherFactory.create();
        launcher.execute(LauncherDiscoveryRequestBuilder.request()
                .selectors(selectPackage("dev.weft.api"))
                .filters(TagFilter.includeTags(ContractClient.TAG))
                .build(), summary);
        TestExecutionSummary result = summary.getSummary();
        assertThat(result.getFailures())
                .as("contract tests that failed")
                .extracting(f -> f.getTestIdentifier().getDisplayName() + ": " + f.getException().getMessage())
                .isEmpty();
        assertThat(result.getTestsSucceededCount()).as("contract tests run").isPositive();

        Set<String> missing = new TreeSet<>(ApiContract.operations());
        missing.removeAll(ApiContract.exercised());
        assertThat(missing).as("operations of %s no contract test exercised", ApiContract.SPEC).isEmpty();
    }
}

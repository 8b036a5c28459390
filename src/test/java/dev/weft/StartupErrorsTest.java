package dev.weft;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class StartupErrorsTest {

    @Test
    void weftsOwnMessageIsKeptWholeSoAFailedStatementIsNamed() {
        RuntimeException error = new RuntimeException("command failed", new WeftException(
                "warehouse 'local' (duckdb): Out of Memory Error\n  in: CREATE TABLE weft_profiles AS SELECT ..."));
        assertThat(StartupErrors.describe(error))
                .isEqualTo("warehouse 'local' (duckdb): Out of Memory Error\n  in: CREATE TABLE weft_profiles AS SELECT ...");
    }

    @Test
    void otherMessagesKeepTheirFirstLine() {
        RuntimeException error = new RuntimeException("outer", new IllegalStateException("what went wrong\n\tat some.Frame"));
        assertThat(StartupErrors.describe(error)).isEqualTo("what went wrong");
    }
}

package dev.weft.testing;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

class GoldenTest {

    @Test
    void matchesTheFileExactlyAndJoinsStatementListsLikeSqlTemplates() {
        Golden.assertMatches("testing/two-statements.sql", List.of("SELECT 1", "SELECT 'a;b'"));
    }

    @Test
    void reportsADifferenceNamingTheFile() {
        assumeFalse(Golden.updating(), "not while golden files are being rewritten");
        assertThatThrownBy(() -> Golden.assertMatches("testing/two-statements.sql", "SELECT 1\n;\nSELECT 'a;c'"))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("testing/two-statements.sql")
                .hasMessageContaining("weft.golden.update");
    }

    @Test
    void aMissingFileFailsWithTheActualTextAndHowToCreateIt() {
        assumeFalse(Golden.updating(), "not while golden files are being rewritten");
        assertThatThrownBy(() -> Golden.assertMatches("testing/no-such-file.sql", "SELECT 2"))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("does not exist")
                .hasMessageContaining("SELECT 2");
    }

    @Test
    void pathsMustStayInsideTheGoldenFolder() {
        assertThatThrownBy(() -> Golden.assertMatches("../../main/x.sql", "x"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(Golden.STATEMENT_SEPARATOR).isEqualTo("\n;\n");
    }
}

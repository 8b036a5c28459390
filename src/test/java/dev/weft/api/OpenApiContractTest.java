package dev.weft.api;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * api/openapi.yml is the REST API's contract as checked in; micronaut-openapi regenerates it from the
 * controllers on every compile. A difference means a controller changed without the contract.
 */
class OpenApiContractTest {

    static final String REGENERATE = "mvn -q -B compile && cp target/classes/META-INF/swagger/weft-*.yml api/openapi.yml";

    @Test
    void checkedInContractMatchesTheCode() throws IOException {
        Path generatedDir = Path.of("target/classes/META-INF/swagger");
        List<Path> generated;
        try (Stream<Path> files = Files.list(generatedDir)) {
            generated = files.filter(p -> p.getFileName().toString().matches("weft-.*\\.yml")).toList();
        }
        assertThat(generated).as("the OpenAPI file micronaut-openapi generates into " + generatedDir).hasSize(1);
        String expected = Files.readString(generated.get(0));
        String checkedIn = Files.readString(Path.of("api/openapi.yml"));
        assertThat(checkedIn)
                .as("api/openapi.yml differs from the API the code defines (%s); regenerate it with:%n  %s%nand commit it",
                        generated.get(0), REGENERATE)
                .isEqualTo(expected);
    }
}

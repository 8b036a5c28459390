package dev.weft.api.docs;

import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** The contract and the interactive page, fetched from the running server without a token. */
@MicronautTest
class ApiDocsControllerTest {

    private static final Pattern REFERENCE = Pattern.compile("(?:src|href)=\"([^\"]+)\"");

    @Inject
    EmbeddedServer server;

    private final HttpClient http = HttpClient.newHttpClient();

    private HttpResponse<byte[]> get(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(server.getURI().resolve(path)).build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    @Test
    void openapiYmlIsTheCheckedInContract() throws Exception {
        HttpResponse<byte[]> answer = get("/openapi.yml");

        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/yaml"));
        assertThat(new String(answer.body())).isEqualTo(Files.readString(Path.of("api/openapi.yml")));
    }

    @Test
    void theDocsPageAndEveryAssetItReferencesLoadFromThisServer() throws Exception {
        HttpResponse<byte[]> page = get("/docs/api");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/html"));
        String html = new String(page.body());
        assertThat(html).contains("url: \"/openapi.yml\"").contains("validatorUrl: null");

        Matcher references = REFERENCE.matcher(html);
        List<String> assets = references.results().map(m -> m.group(1)).toList();
        assertThat(assets).as("assets the page loads").hasSizeGreaterThanOrEqualTo(3)
                .allSatisfy(asset -> assertThat(URI.create(asset).getHost()).as("%s is served by Weft, not a CDN", asset).isNull())
                .doesNotContain("//");
        assertThat(html).doesNotContainPattern("https?://");
        for (String asset : assets) {
            HttpResponse<byte[]> answer = get(asset);
            assertThat(answer.statusCode()).as(asset).isEqualTo(200);
            assertThat(answer.body()).as(asset).isNotEmpty();
            if (asset.endsWith(".css")) {
                assertThat(new String(answer.body())).as("%s loads nothing from outside", asset).doesNotContainPattern("url\\(\"?https?:");
            }
        }
        assertThat(get("/docs/api/assets/swagger-ui-bundle.js").headers().firstValue("Content-Type"))
                .hasValueSatisfying(t -> assertThat(t).contains("javascript"));
    }

    @Test
    void aFileOutsideTheWebjarIs404() throws Exception {
        assertThat(get("/docs/api/assets/no-such-file.js").statusCode()).isEqualTo(404);
        assertThat(get("/docs/api/assets/..%2F..%2F..%2Fapplication.yml").statusCode()).isEqualTo(404);
    }
}

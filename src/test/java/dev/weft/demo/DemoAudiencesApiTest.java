package dev.weft.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.weft.cli.WeftCommand;
import dev.weft.store.Store;
import dev.weft.testing.TestTokens;
import io.micronaut.configuration.picocli.MicronautFactory;
import io.micronaut.context.ApplicationContext;
import io.micronaut.context.env.PropertySource;
import io.micronaut.context.env.yaml.YamlPropertySourceLoader;
import io.micronaut.runtime.server.EmbeddedServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The workspace {@code weft demo} makes, served: the REST preview of every demo audience answers the size
 * the demo printed, since the weft.yml the demo writes measures relative windows from the latest event.
 */
class DemoAudiencesApiTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern SIZE = Pattern.compile("^ {2}(\\S+)\\s+([\\d,]+) profiles$", Pattern.MULTILINE);
    private static final Pattern MEASURED = Pattern.compile("relative windows measured back from (\\S+) \\(the latest event\\)");

    @TempDir
    Path workspace;

    @Test
    void restPreviewsOfTheDemoAudiencesAnswerTheSizesTheDemoPrinted() throws Exception {
        String printed = demo();
        assertThat(printed).contains("wrote weft.yml");
        Map<String, Long> sizes = new LinkedHashMap<>();
        Matcher m = SIZE.matcher(printed);
        while (m.find()) {
            sizes.put(m.group(1), Long.parseLong(m.group(2).replace(",", "")));
        }
        assertThat(sizes).containsKeys("cart-abandoners-7d", "engaged-with-holdout", "high-value-lapsed", "shoe-buyers-eu");
        assertThat(sizes.get("cart-abandoners-7d")).isPositive();
        Matcher measured = MEASURED.matcher(printed);
        assertThat(measured.find()).as(printed).isTrue();
        Instant latestEvent = Instant.parse(measured.group(1));

        Map<String, Object> config = new LinkedHashMap<>();
        config.put("weft.workspace", workspace.toString());
        config.put("micronaut.server.port", -1);
        try (InputStream yml = Files.newInputStream(workspace.resolve("weft.yml"));
             ApplicationContext context = ApplicationContext.builder("test").properties(config)
                     .propertySources(PropertySource.of("weft.yml", new YamlPropertySourceLoader().read("weft.yml", yml))).start()) {
            EmbeddedServer server = context.getBean(EmbeddedServer.class).start();
            String token = TestTokens.create(context.getBean(Store.class), "demo-viewer", "audiences:read");
            for (Map.Entry<String, Long> audience : sizes.entrySet()) {
                JsonNode preview = preview(server, token, "{\"audience\":\"" + audience.getKey() + "\",\"sample\":{\"size\":0}}");
                assertThat(preview.get("count").asLong()).as(audience.getKey()).isEqualTo(audience.getValue());
                assertThat(Instant.parse(preview.get("as_of").asText())).isEqualTo(latestEvent);
            }
            // Measured from today instead, the demo data (it ends in the first half of 2026) has no cart in the last week.
            JsonNode byClock = preview(server, token, "{\"audience\":\"cart-abandoners-7d\",\"as_of\":\"" + Instant.now() + "\"}");
            assertThat(byClock.get("count").asLong()).isZero();
        }

        // The CLI: --as-of chooses, and a value that is none is an error naming the option.
        Result cli = weft("audiences", "preview", "--id", "cart-abandoners-7d", "--as-of", "latest_event");
        assertThat(cli.exitCode()).as(cli.err()).isZero();
        JsonNode preview = JSON.readTree(cli.out());
        assertThat(preview.get("count").asLong()).isEqualTo(sizes.get("cart-abandoners-7d"));
        assertThat(Instant.parse(preview.get("asOf").asText())).isEqualTo(latestEvent);
        Result run = weft("audiences", "run", "cart-abandoners-7d", "--as-of", latestEvent.toString());
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("relative windows measured back from " + latestEvent)
                .containsPattern("cart-abandoners-7d\\s+" + sizes.get("cart-abandoners-7d") + " members");
        Result bad = weft("audiences", "preview", "--id", "cart-abandoners-7d", "--as-of", "last-week");
        assertThat(bad.exitCode()).isNotZero();
        assertThat(bad.err()).contains("--as-of: 'last-week' is neither latest_event nor an ISO-8601 instant");
    }

    private String demo() {
        Result demo = weft("demo");
        assertThat(demo.exitCode()).as(demo.err()).isZero();
        return demo.out();
    }

    private record Result(int exitCode, String out, String err) {
    }

    /** The CLI in the workspace, without its weft.yml (the CLI reads it from the working directory). */
    private Result weft(String... args) {
        try (ApplicationContext context = ApplicationContext.builder(WeftCommand.class, "cli")
                .properties(Map.of("weft.workspace", workspace.toString())).start()) {
            CommandLine cli = new CommandLine(WeftCommand.class, new MicronautFactory(context));
            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            cli.setOut(new PrintWriter(out, true));
            cli.setErr(new PrintWriter(err, true));
            cli.setExecutionExceptionHandler((ex, line, parsed) -> {
                line.getErr().println("error: " + ex.getMessage());
                return 1;
            });
            return new Result(cli.execute(args), out.toString(), err.toString());
        }
    }

    private static JsonNode preview(EmbeddedServer server, String token, String body) throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.getPort()
                        + "/v1/audiences/preview")).header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return JSON.readTree(r.body());
    }
}

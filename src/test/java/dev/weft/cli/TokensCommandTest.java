package dev.weft.cli;

import dev.weft.api.TokenService;
import io.micronaut.configuration.picocli.MicronautFactory;
import io.micronaut.context.ApplicationContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;

import static org.assertj.core.api.Assertions.assertThat;

class TokensCommandTest {

    private ApplicationContext context;
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @BeforeEach
    void start() {
        context = ApplicationContext.run("test");
    }

    @AfterEach
    void stop() {
        context.close();
    }

    private int weft(String... args) {
        out.getBuffer().setLength(0);
        err.getBuffer().setLength(0);
        CommandLine cli = new CommandLine(WeftCommand.class, new MicronautFactory(context));
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        cli.setExecutionExceptionHandler((ex, line, parse) -> {
            line.getErr().println("error: " + ex.getMessage());
            return 1;
        });
        return cli.execute(args);
    }

    @Test
    void createPrintsTheTokenOnceWithAWarningAndItVerifies() {
        assertThat(weft("tokens", "create", "--name", "crm-sync", "--scopes", "audiences:write,syncs:write")).isZero();
        String token = out.toString().trim();
        assertThat(token).startsWith("weft_").doesNotContain("\n");
        assertThat(err.toString()).contains("cannot be shown again");
        assertThat(context.getBean(TokenService.class).verify(token)).hasValueSatisfying(t ->
                assertThat(t.scopes()).containsExactlyInAnyOrder("audiences:write", "syncs:write"));

        assertThat(weft("tokens", "list")).isZero();
        assertThat(out.toString()).contains("crm-sync").contains("active").contains("audiences:write,syncs:write")
                .doesNotContain(token);

        assertThat(weft("tokens", "revoke", "crm-sync")).isZero();
        assertThat(context.getBean(TokenService.class).verify(token)).isEmpty();
        assertThat(weft("tokens", "list")).isZero();
        assertThat(out.toString()).contains("revoked");
    }

    @Test
    void unknownScopeIsRejectedNamingIt() {
        assertThat(weft("tokens", "create", "--name", "x", "--scopes", "audiences:write,audience:read")).isEqualTo(1);
        assertThat(err.toString()).contains("unknown scope audience:read").contains("known scopes");
        assertThat(out.toString()).isEmpty();
    }
}

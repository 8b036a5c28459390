package dev.weft.cli;

import dev.weft.api.ApiToken;
import dev.weft.api.TokenService;
import dev.weft.audit.AuditEntry;
import dev.weft.audit.AuditFilter;
import dev.weft.audit.AuditLog;
import io.micronaut.configuration.picocli.MicronautFactory;
import io.micronaut.context.ApplicationContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

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
        CommandLine cli = WeftCommand.commandLine(new MicronautFactory(context));
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

    @Test
    void cliWritesAreAuditedAsTheOsUser() {
        String actor = "cli:" + System.getProperty("user.name");
        assertThat(weft("tokens", "create", "--name", "nightly", "--scopes", "syncs:read")).isZero();
        String token = out.toString().trim();
        assertThat(weft("tokens", "revoke", "nightly")).isZero();

        List<AuditEntry> entries = context.getBean(AuditLog.class).list(new AuditFilter("token", "nightly", null), null, 10).entries();
        assertThat(entries).extracting(AuditEntry::action).containsExactly("token.revoke", "token.create");
        assertThat(entries).extracting(AuditEntry::actor).containsOnly(actor);
        assertThat(entries.get(1).after().get("name").asText()).isEqualTo("nightly");
        assertThat(entries.get(0).after().get("revoked_at").isTextual()).isTrue();
        assertThat(entries.toString()).doesNotContain(token);

        assertThat(weft("audit", "--subject-type", "token")).isZero();
        assertThat(out.toString()).contains("token.revoke", "token.create", actor, "token/nightly");
        assertThat(weft("audit", "--actor", "someone-else")).isZero();
        assertThat(out.toString()).contains("no audit entries match");
    }

    @Test
    void expiresInGivesTheTokenAnEnd() {
        Instant before = Instant.now();
        assertThat(weft("tokens", "create", "--name", "temp", "--scopes", "admin", "--expires-in", "30d")).isZero();
        assertThat(err.toString()).contains("expiring at");
        ApiToken temp = context.getBean(TokenService.class).find("temp").orElseThrow();
        assertThat(temp.expiresAt()).isBetween(before.plus(Duration.ofDays(30)).minusSeconds(1), Instant.now().plus(Duration.ofDays(30)));
        assertThat(weft("tokens", "list")).isZero();
        assertThat(out.toString()).contains("EXPIRES").contains(temp.expiresAt().toString().substring(0, 16));

        assertThat(weft("tokens", "create", "--name", "never", "--scopes", "admin", "--expires-in", "soon")).isEqualTo(1);
        assertThat(err.toString()).contains("--expires-in must be a number and s, m, h or d");
        assertThat(context.getBean(TokenService.class).find("never")).isEmpty();
    }
}

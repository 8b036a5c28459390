package dev.weft.cli;

import dev.weft.Intervals;
import dev.weft.WeftException;
import dev.weft.api.ApiToken;
import dev.weft.api.Scopes;
import dev.weft.api.TokenService;
import jakarta.inject.Inject;
import jakarta.inject.Provider;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * {@code weft tokens create|list|revoke}: bearer tokens for the REST API. Services are injected as
 * providers because picocli builds every subcommand up front: only the command that runs opens the store.
 */
@Command(name = "tokens", description = "Create, list and revoke REST API tokens.",
        subcommands = {TokensCommand.Create.class, TokensCommand.ListTokens.class, TokensCommand.Revoke.class})
public class TokensCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "create", description = "Create a token; it is printed once and cannot be shown again.")
    static class Create implements Runnable {

        @Inject
        Provider<TokenService> tokens;

        @Spec
        CommandSpec spec;

        @Option(names = "--name", required = true, description = "A unique name saying who or what uses the token.")
        String name;

        @Option(names = "--scopes", required = true, description = "Comma-separated scopes: models:read models:write identity:read identity:write audiences:read audiences:write syncs:read syncs:write connections:read connections:write pipeline:read pipeline:write admin (admin implies all).")
        String scopes;

        @Option(names = "--expires-in", paramLabel = "INTERVAL",
                description = "Let the token expire after this long: a number and s, m, h or d, e.g. 30d. Default: never.")
        String expiresIn;

        @Override
        public void run() {
            Instant expiresAt = null;
            if (expiresIn != null) {
                Duration interval = Intervals.parse(expiresIn);
                if (interval == null || interval.isZero()) {
                    throw new WeftException("--expires-in must be a number and s, m, h or d (e.g. 30d), got '" + expiresIn + "'");
                }
                expiresAt = Instant.now().plus(interval);
            }
            TokenService.IssuedToken issued = tokens.get().create(name, Scopes.parse(scopes), expiresAt);
            PrintWriter out = spec.commandLine().getOut();
            out.println(issued.token());
            out.flush();
            PrintWriter err = spec.commandLine().getErr();
            err.println("token '" + issued.name() + "' created with scopes " + String.join(",", issued.scopes())
                    + (issued.expiresAt() == null ? "" : ", expiring at " + time(issued.expiresAt())) + ". Store it now: it cannot be shown again (Weft keeps only its hash).");
            err.flush();
        }
    }

    @Command(name = "list", description = "List tokens (names, scopes, dates; never the tokens).")
    static class ListTokens implements Runnable {

        @Inject
        Provider<TokenService> tokens;

        @Spec
        CommandSpec spec;

        @Override
        public void run() {
            PrintWriter out = spec.commandLine().getOut();
            List<ApiToken> all = tokens.get().list();
            if (all.isEmpty()) {
                out.println("no tokens; create one with: weft tokens create --name NAME --scopes SCOPES");
                return;
            }
            Instant now = Instant.now();
            out.printf("%-24s %-8s %-21s %-21s %-21s %s%n", "NAME", "STATUS", "CREATED", "LAST USED", "EXPIRES", "SCOPES");
            for (ApiToken t : all) {
                out.printf("%-24s %-8s %-21s %-21s %-21s %s%n", t.name(), t.status(now),
                        time(t.createdAt()), time(t.lastUsedAt()), time(t.expiresAt()), String.join(",", t.scopes()));
            }
        }
    }

    /** A UTC time to the second, or - for none. */
    static String time(Instant instant) {
        return instant == null ? "-" : instant.toString().replaceFirst("\\.\\d+Z$", "Z");
    }

    @Command(name = "revoke", description = "Revoke a token by name; requests with it answer 401 from then on.")
    static class Revoke implements Runnable {

        @Inject
        Provider<TokenService> tokens;

        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "NAME", description = "The token's name.")
        String name;

        @Override
        public void run() {
            tokens.get().revoke(name);
            spec.commandLine().getOut().println("token '" + name + "' revoked");
        }
    }
}

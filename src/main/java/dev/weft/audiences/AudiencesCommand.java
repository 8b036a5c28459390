package dev.weft.audiences;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.weft.WeftException;
import jakarta.inject.Inject;
import jakarta.inject.Provider;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/** {@code weft audiences list|run|preview|export|diff}. */
@Command(name = "audiences", description = "List, materialize, preview, export and diff audiences.",
        subcommands = {AudiencesCommand.ListAudiences.class, AudiencesCommand.Run.class, AudiencesCommand.Preview.class,
                AudiencesCommand.Export.class, AudiencesCommand.Diff.class})
public class AudiencesCommand implements Runnable {

    static final String AS_OF = "Where relative windows (\"last 7 days\") end: latest_event (the events model's latest "
            + "occurred_at) or an ISO-8601 instant such as 2026-01-05T00:00:00Z (default: weft.audiences.as-of in weft.yml, else now).";

    static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
            .registerModule(new JavaTimeModule()).disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Audience errors in CLI words: every problem, prefixed by the file it is about. */
    static <T> T cli(String file, Supplier<T> action) {
        try {
            return action.get();
        } catch (AudienceException e) {
            String details = e.problems().stream().map(p -> "\n  " + (file == null ? "" : file + ": ") + p.path() + ": " + p.problem())
                    .collect(Collectors.joining());
            throw new WeftException((file == null ? "" : file + ": ") + e.getMessage() + details);
        }
    }

    static JsonNode readFile(Path file) {
        try {
            return JSON.readTree(Files.readString(file));
        } catch (IOException e) {
            throw new WeftException(file + ": cannot read it as JSON: " + e.getMessage(), e);
        }
    }

    @Command(name = "list", description = "List audiences (from git and from the API).")
    static class ListAudiences implements Runnable {
        @Inject
        Provider<AudienceCatalogue> audiences;
        @Spec
        CommandSpec spec;

        @Override
        public void run() {
            PrintWriter out = spec.commandLine().getOut();
            for (Audience a : cli(null, () -> audiences.get().list())) {
                if (a.invalid() != null) {
                    out.printf("%-40s %-4s INVALID  %s%n", a.id(), a.source(), a.invalid());
                    continue;
                }
                Audience.LastRun last = a.lastRun();
                String run = last == null ? "never run" : last.status().equals(Audience.LastRun.OK)
                        ? String.format("last run ok, %,d members", last.size()) : "last run FAILED: " + last.error();
                out.printf("%-40s %-4s v%-3d %s  (%s)%n", a.id(), a.source(), a.version(), a.name(), run);
            }
            out.flush();
        }
    }

    @Command(name = "run", description = "Materialize audiences into weft_audience_members (all when none is named) and print their sizes. "
            + "Each audience runs on its own: one that fails is reported, the others still run, and the exit code is 1.")
    static class Run implements Runnable {
        @Inject
        Provider<AudienceRuns> audiences;
        @Spec
        CommandSpec spec;
        @Parameters(arity = "0..*", paramLabel = "ID", description = "Audience IDs (default: all).")
        List<String> ids = List.of();
        @Option(names = "--as-of", paramLabel = "WHEN", description = AS_OF)
        String asOf;

        @Override
        public void run() {
            PrintWriter out = spec.commandLine().getOut();
            List<AudienceRuns.Outcome> outcomes = cli(null, () -> audiences.get().run(ids, asOf == null ? null : AsOf.parse(asOf, "--as-of")));
            outcomes.stream().map(AudienceRuns.Outcome::run).filter(java.util.Objects::nonNull).findFirst()
                    .ifPresent(r -> out.println("relative windows measured back from " + r.asOf()));
            for (AudienceRuns.Outcome o : outcomes) {
                AudienceRun r = o.run();
                if (r == null) {
                    out.printf("%-40s FAILED: %s%n", o.audienceId(), o.error());
                } else {
                    out.printf("%-40s %,10d members (+%,d entered, -%,d exited)%n", r.audienceId(), r.size(), r.entered(), r.exited());
                }
            }
            out.flush();
            List<String> failed = outcomes.stream().filter(AudienceRuns.Outcome::failed).map(AudienceRuns.Outcome::audienceId).toList();
            if (!failed.isEmpty()) {
                throw new WeftException(failed.size() + " of " + outcomes.size() + " audiences failed (" + String.join(", ", failed)
                        + "); the others are materialized");
            }
        }
    }

    @Command(name = "preview", description = "Preview an audience file (or a saved audience with --id): count, split counts, a sample, the SQL.")
    static class Preview implements Runnable {
        @Inject
        Provider<AudiencePreviews> audiences;
        @Spec
        CommandSpec spec;
        @Parameters(arity = "0..1", paramLabel = "FILE")
        Path file;
        @Option(names = "--id", description = "A saved audience's ID.")
        String id;
        @Option(names = "--as-of", paramLabel = "WHEN", description = AS_OF)
        String asOf;

        @Override
        public void run() {
            if (asOf != null) {
                cli(null, () -> AsOf.parse(asOf, "--as-of"));
            }
            var body = JSON.createObjectNode();
            if (asOf != null) {
                body.put("as_of", asOf);
            }
            if (file != null) {
                body.set("definition", readFile(file));
            }
            if (id != null) {
                body.put("audience", id);
            }
            AudiencePreviews.Preview p = cli(file == null ? null : file.toString(), () -> audiences.get().preview(body));
            PrintWriter out = spec.commandLine().getOut();
            try {
                out.println(JSON.writeValueAsString(p));
            } catch (IOException e) {
                throw new WeftException(e.getMessage(), e);
            }
            out.flush();
        }
    }

    @Command(name = "export", description = "Write audiences made through the API to audiences/<id>.json, for review in a pull request.")
    static class Export implements Runnable {
        @Inject
        Provider<AudienceCatalogue> audiences;
        @Inject
        Provider<GitAudiences> git;
        @Spec
        CommandSpec spec;

        @Override
        public void run() {
            PrintWriter out = spec.commandLine().getOut();
            Path dir = git.get().folder();
            int written = 0;
            for (Audience a : cli(null, () -> audiences.get().list())) {
                if (a.fromGit()) {
                    continue;
                }
                Path target = dir.resolve(a.id() + ".json");
                try {
                    Files.createDirectories(dir);
                    Files.writeString(target, JSON.writeValueAsString(a.definition()) + "\n");
                } catch (IOException e) {
                    throw new WeftException("cannot write " + target + ": " + e.getMessage(), e);
                }
                out.println("wrote " + dir.getFileName().resolve(target.getFileName()) + "  (" + a.name() + ", v" + a.version()
                        + " by " + a.updatedBy() + ")");
                written++;
            }
            out.println(written + " audience" + (written == 1 ? "" : "s") + " exported; files in audiences/ take precedence over the API copy with the same ID");
            out.flush();
        }
    }

    @Command(name = "diff", description = "What changing an audience to FILE would do (the audience ID is the file name): size before and after, profiles entering and leaving.")
    static class Diff implements Runnable {
        @Inject
        Provider<AudiencePreviews> audiences;
        @Spec
        CommandSpec spec;
        @Parameters(paramLabel = "FILE")
        Path file;

        @Override
        public void run() {
            String name = file.getFileName().toString();
            String id = name.endsWith(".json") ? name.substring(0, name.length() - 5) : name;
            JsonNode def = readFile(file);
            AudiencePreviews.Diff d = cli(file.toString(), () -> audiences.get().diff(id, def, 0, List.of()));
            PrintWriter out = spec.commandLine().getOut();
            out.println("audience " + id + (d.exists() ? "" : " (new)"));
            out.printf("  size      %,d -> %,d (%+,d)%n", d.sizeBefore(), d.sizeAfter(), d.sizeAfter() - d.sizeBefore());
            out.printf("  entering  %,d%n", d.entering());
            out.printf("  leaving   %,d%n", d.leaving());
            out.flush();
        }
    }
}

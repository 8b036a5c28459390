package dev.weft.cli;

import dev.weft.audiences.AudiencesBenchCommand;
import dev.weft.identity.IdentityBenchCommand;
import dev.weft.models.ModelsBenchCommand;
import dev.weft.syncs.SyncsBenchCommand;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code weft bench <feature>}: each feature's benchmark, run through the CLI so figures are reproducible. */
@Command(name = "bench", description = "Benchmarks, one per feature.",
        subcommands = {ModelsBenchCommand.class, IdentityBenchCommand.class, SyncsBenchCommand.class,
                AudiencesBenchCommand.class})
public class BenchCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}

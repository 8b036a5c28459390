package dev.weft.bench;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code weft bench <feature>}: each feature's benchmark, run through the CLI so figures are reproducible.
 * Benchmarks live in this package, apart from the product's features, and only here are they listed:
 * picocli reads subcommands from this annotation, so a new benchmark is a command class here plus its
 * entry below.
 */
@Command(name = "bench", description = "Benchmarks, one per feature.",
        subcommands = {ModelsBenchCommand.class, IdentityBenchCommand.class, SyncsBenchCommand.class,
                AudiencesBenchCommand.class, FreshnessBenchCommand.class})
public class BenchCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}

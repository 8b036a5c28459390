package dev.weft.cli;

import dev.weft.audiences.AudiencesBenchCommand;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code weft bench <feature>}: each feature's benchmark, run through the CLI (figures in README "Performance"). */
@Command(name = "bench", description = "Benchmarks, per feature.", subcommands = {AudiencesBenchCommand.class})
public class BenchCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}

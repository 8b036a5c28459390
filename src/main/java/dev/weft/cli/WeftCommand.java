package dev.weft.cli;

import picocli.CommandLine.Command;

/** The {@code weft} command; each feature adds its own subcommand class. */
@Command(name = "weft", mixinStandardHelpOptions = true, version = "weft 0.1.0",
        description = "Warehouse-native identity resolution and reverse ETL.",
        subcommands = {ServeCommand.class, TokensCommand.class, dev.weft.audiences.AudiencesCommand.class, BenchCommand.class})
public class WeftCommand implements Runnable {

    @Override
    public void run() {
        new picocli.CommandLine(this).usage(System.out);
    }
}

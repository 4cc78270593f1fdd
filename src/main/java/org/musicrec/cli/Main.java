package org.musicrec.cli;

import org.musicrec.model.EngineThreads;
import org.musicrec.model.OneDnnHelpers;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code musicrec} executable. Each stage of the pipeline is one subcommand class; this class
 * only registers them and turns failures into a one-line reason and a non-zero exit code.
 */
@Command(name = "musicrec",
        mixinStandardHelpOptions = true,
        usageHelpAutoWidth = true,
        versionProvider = VersionProvider.class,
        description = "Music recommendations from how your Clementine/Strawberry library sounds.",
        subcommands = {
                CommandLine.HelpCommand.class,
                DemoCommand.class,
                BuildCacheCommand.class,
                CacheStatsCommand.class,
                ClearCacheCommand.class,
                EncoderCommand.class,
                EmbedCommand.class,
                CqtCommand.class,
                ClassifierCommand.class,
                RecommendCommand.class,
                SimilarCommand.class,
                UpdateCommand.class,
                EvaluateCommand.class,
                ExportCommand.class,
                AllCommand.class,
                QuickCommand.class,
        })
public final class Main implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "choose a command (see --help)");
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the CLI and returns the exit code (tests call this instead of main). */
    public static int run(String... args) {
        // DL4J M2.1 ships its oneDNN layer helpers switched off; they are 3-7x faster here and are
        // checked against the built-in layers (OneDnnHelpersTest). Must precede building any graph.
        System.setProperty(OneDnnHelpers.PROPERTY, "false");
        try {
            EngineThreads.configure();
        } catch (IllegalArgumentException e) {
            System.err.println("musicrec: " + e.getMessage());
            return 2;
        }
        return new CommandLine(new Main())
                .setExecutionExceptionHandler(new OneLineErrors())
                .setCaseInsensitiveEnumValuesAllowed(true)
                .execute(args);
    }
}

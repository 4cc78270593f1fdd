package org.musicrec.cli;

import org.musicrec.pipeline.ClassifierStage;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.concurrent.Callable;

@Command(name = "classifier", mixinStandardHelpOptions = true,
        description = "Train the rating model on your rated songs' embeddings (and genre categories).")
final class ClassifierCommand implements Callable<Integer> {
    @Mixin
    CommonOptions common;

    @Option(names = "--encoder-version", paramLabel = "NAME", description = "embeddings to use (default: encoder.encoder_version)")
    String encoderVersion;

    @Override
    public Integer call() throws Exception {
        var cfg = common.load();
        ClassifierStage.run(cfg, LibraryLoader.load(cfg, System.out), encoderVersion != null ? encoderVersion
                : cfg.encoder().encoderVersion(), System.out);
        return 0;
    }
}

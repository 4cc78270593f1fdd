package org.musicrec.cli;

import org.musicrec.pipeline.ClassifierStage;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.util.concurrent.Callable;

@Command(name = "classifier", mixinStandardHelpOptions = true,
        header = "Train the rating model on your ratings.",
        description = "Train the rating model on your rated songs' embeddings (and genre categories).")
final class ClassifierCommand implements Callable<Integer> {
    @Mixin
    CommonOptions common;

    @Mixin
    EncoderVersionOption version;

    @Override
    public Integer call() throws Exception {
        var cfg = common.load();
        ClassifierStage.run(cfg, LibraryLoader.load(cfg, System.out), version.resolve(cfg), System.out);
        return 0;
    }
}

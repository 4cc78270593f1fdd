package org.musicrec.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.util.concurrent.Callable;

@Command(name = "quick", mixinStandardHelpOptions = true,
        header = "The whole pipeline with 5 epochs: a fast check of a setup.",
        description = "The whole pipeline with 5 epochs for the encoder and the rating model: a fast check of a "
                + "setup.")
final class QuickCommand implements Callable<Integer> {
    static final int EPOCHS = 5;

    @Mixin
    CommonOptions common;

    @Override
    public Integer call() throws Exception {
        var cfg = common.load();
        var e = cfg.encoder();
        var c = cfg.classifier();
        cfg = cfg.withEncoder(e.withTraining(e.backbone(), EPOCHS, e.batchSize(), e.queueSize()))
                .withClassifier(c.withEpochs(EPOCHS));
        AllCommand.runAll(cfg);
        return 0;
    }
}

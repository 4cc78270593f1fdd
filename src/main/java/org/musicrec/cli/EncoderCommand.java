package org.musicrec.cli;

import org.musicrec.config.MusicrecConfig;
import org.musicrec.library.LibraryScan;
import org.musicrec.pipeline.CachedLibrary;
import org.musicrec.pipeline.EmbedStage;
import org.musicrec.pipeline.EncoderStage;
import org.musicrec.pipeline.Workspace;
import org.musicrec.train.EncoderTrainer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.concurrent.Callable;

@Command(name = "encoder", mixinStandardHelpOptions = true,
        header = "Train the audio encoder, then embed every song.",
        description = "Train the audio encoder (ResNet + MoCo v2 + genre head) on the chunk cache, then embed "
                + "every cached song with the best checkpoint into embeddings.db.")
final class EncoderCommand implements Callable<Integer> {
    @Mixin
    CommonOptions common;

    @Option(names = "--resume", paramLabel = "CHECKPOINT", description = "continue from a checkpoint folder (e.g. models/encoder/last)")
    Path resume;

    @Option(names = "--encoder-version", paramLabel = "NAME", description = "version name of the encoder (overrides encoder.encoder_version)")
    String encoderVersion;

    @Option(names = "--epochs", paramLabel = "N", description = "overrides encoder.epochs")
    Integer epochs;

    @Override
    public Integer call() throws Exception {
        MusicrecConfig cfg = common.load();
        if (encoderVersion != null) {
            cfg = cfg.withEncoder(cfg.encoder().withEncoderVersion(encoderVersion));
        }
        if (epochs != null) {
            var e = cfg.encoder();
            cfg = cfg.withEncoder(e.withTraining(e.backbone(), epochs, e.batchSize(), e.queueSize()));
        }
        run(cfg, LibraryLoader.load(cfg, System.out), resume);
        return 0;
    }

    static EncoderTrainer.Outcome run(MusicrecConfig cfg, LibraryScan scan, Path resume) throws Exception {
        CachedLibrary lib = CachedLibrary.open(scan, cfg);
        EncoderTrainer.Outcome o = EncoderStage.run(cfg, lib, resume, System.out);
        System.out.println("Encoder: best checkpoint " + o.best() + "; curves " + Workspace.of(cfg).encoderDir().resolve("loss.png"));
        EmbedStage.run(cfg, lib, o.best(), true, System.out);
        return o;
    }
}

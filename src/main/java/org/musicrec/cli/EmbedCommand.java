package org.musicrec.cli;

import org.musicrec.config.MusicrecConfig;
import org.musicrec.pipeline.CachedLibrary;
import org.musicrec.pipeline.EmbedStage;
import org.musicrec.pipeline.Workspace;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.concurrent.Callable;

@Command(name = "embed", mixinStandardHelpOptions = true,
        header = "Embed and describe the cached songs that lack it.",
        description = "Embed the cached songs that have no embedding of the checkpoint's encoder version yet.")
final class EmbedCommand implements Callable<Integer> {
    @Mixin
    CommonOptions common;

    @Option(names = "--checkpoint", paramLabel = "DIR", description = "encoder checkpoint (default: models/encoder/best)")
    Path checkpoint;

    @Option(names = "--recompute", description = "recompute this version's embeddings for every song")
    boolean recompute;

    @Override
    public Integer call() throws Exception {
        MusicrecConfig cfg = common.load();
        Workspace ws = Workspace.of(cfg);
        CachedLibrary lib = CachedLibrary.open(LibraryLoader.load(cfg, System.out), cfg);
        EmbedStage.run(cfg, lib, checkpoint != null ? checkpoint : ws.bestEncoder(), recompute, System.out);
        return 0;
    }
}

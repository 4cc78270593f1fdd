package org.musicrec.cli;

import org.musicrec.pipeline.UpdateStage;
import org.musicrec.pipeline.Workspace;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.concurrent.Callable;

@Command(name = "update", mixinStandardHelpOptions = true,
        header = "New songs and ratings in, new playlists out.",
        description = "After the library changed or you rated songs: cache and embed new or changed songs, drop "
                + "removed ones, retrain the rating model and rewrite the playlists (the encoder is not "
                + "retrained).")
final class UpdateCommand implements Callable<Integer> {
    @Mixin
    CommonOptions common;

    @Option(names = "--checkpoint", paramLabel = "DIR", description = "encoder checkpoint (default: models/encoder/best)")
    Path checkpoint;

    @Override
    public Integer call() throws Exception {
        var cfg = common.load();
        var scan = LibraryLoader.load(cfg, System.out);
        UpdateStage.run(cfg, scan, checkpoint != null ? checkpoint : Workspace.of(cfg).bestEncoder(), System.out);
        return 0;
    }
}

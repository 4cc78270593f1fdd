package org.musicrec.cli;

import org.musicrec.pipeline.RecommendStage;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.util.concurrent.Callable;

@Command(name = "recommend", mixinStandardHelpOptions = true,
        header = "Write the playlists of unrated songs.",
        description = "Score every unrated song and write recommendations.txt, best.xspf/.m3u8/.cue (the top picks) "
                + "and help.xspf/.m3u8/.cue (the songs whose rating would teach the model most) to the output "
                + "folder. Tracks of album images (CUE sheets) after the first are only in the .cue.")
final class RecommendCommand implements Callable<Integer> {
    @Mixin
    CommonOptions common;

    @Mixin
    EncoderVersionOption version;

    @Override
    public Integer call() throws Exception {
        var cfg = common.load();
        RecommendStage.run(cfg, LibraryLoader.load(cfg, System.out), version.resolve(cfg), System.out);
        return 0;
    }
}

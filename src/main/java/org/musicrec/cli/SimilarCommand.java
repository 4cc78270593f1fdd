package org.musicrec.cli;

import org.musicrec.library.LibraryReader;
import org.musicrec.library.PathRemap;
import org.musicrec.pipeline.SimilarStage;
import org.musicrec.pipeline.SongQuery;
import org.musicrec.pipeline.Workspace;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.concurrent.Callable;

@Command(name = "similar", mixinStandardHelpOptions = true,
        description = {"The songs that sound most like QUERY (a file path, a rowid, or \"artist - title\"),",
                "never the song itself, at most K per artist; printed and written as similar.xspf/.m3u8."})
final class SimilarCommand implements Callable<Integer> {
    @Mixin
    CommonOptions common;

    @Parameters(paramLabel = "QUERY", arity = "1..*", description = "path, rowid or \"artist - title\"")
    String[] query;

    @Option(names = "-n", paramLabel = "N", description = "how many songs (default: recommendations.similar_count)")
    Integer n;

    @Option(names = "--per-artist", paramLabel = "K", description = "at most K songs per artist (default: recommendations.similar_max_per_artist)")
    Integer perArtist;

    @Mixin
    EncoderVersionOption version;

    @Override
    public Integer call() throws Exception {
        var cfg = common.load();
        var scan = LibraryLoader.load(cfg, System.out);
        var reader = new LibraryReader(PathRemap.parse(cfg.library().musicPathRemap()), w -> { });
        var seed = SongQuery.resolve(String.join(" ", query), scan, reader, Workspace.resolve(cfg.library().dbPath()));
        SimilarStage.run(cfg, scan, seed, version.resolve(cfg),
                n != null ? n : cfg.recommendations().similarCount(),
                perArtist != null ? perArtist : cfg.recommendations().similarMaxPerArtist(), System.out);
        return 0;
    }
}

package org.musicrec.cli;

import org.musicrec.library.LibraryReader;
import org.musicrec.library.PathRemap;
import org.musicrec.pipeline.SimilarStage;
import org.musicrec.pipeline.SongQuery;
import org.musicrec.pipeline.Workspace;
import org.musicrec.recommend.SoundFilter;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.concurrent.Callable;

@Command(name = "similar", mixinStandardHelpOptions = true,
        header = "The songs that sound most like one song.",
        description = "The songs that sound most like QUERY (a file path, a rowid, or \"artist - title\"; a track of "
                + "an album image as path#t=START,END), never the song itself, at most K per artist; printed and "
                + "written as similar.xspf/.m3u8/.cue.")
final class SimilarCommand implements Callable<Integer> {
    @Mixin
    CommonOptions common;

    @Parameters(paramLabel = "QUERY", arity = "1..*", description = "path, rowid or \"artist - title\"")
    String[] query;

    @Option(names = "-n", paramLabel = "N", description = "how many songs (default: recommendations.similar_count)")
    Integer n;

    @Option(names = "--per-artist", paramLabel = "K", description = "at most K songs per artist (default: recommendations.similar_max_per_artist)")
    Integer perArtist;

    @Option(names = "--tempo", paramLabel = "MIN-MAX",
            description = "only songs whose measured tempo is in this range, in BPM (90-120, 90- or -120)")
    String tempo;

    @Option(names = "--mode", paramLabel = "MODE", description = "only songs in major keys, minor keys, or the same mode as QUERY's: major, minor or "
            + "same")
    String mode;

    @Mixin
    EncoderVersionOption version;

    @Override
    public Integer call() throws Exception {
        SoundFilter filter;
        try {
            filter = (tempo == null ? SoundFilter.NONE : SoundFilter.tempo(tempo)).withMode(mode);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(new CommandLine(this), (tempo != null && e.getMessage().contains("tempo")
                    ? "--tempo: " : "--mode: ") + e.getMessage());
        }
        String text = String.join(" ", query);
        if (text.isBlank()) {
            throw new CommandLine.ParameterException(new CommandLine(this),
                    "QUERY is empty: give a file path, a rowid, or \"artist - title\"");
        }
        if ((n != null && n < 1) || (perArtist != null && perArtist < 1)) {
            throw new CommandLine.ParameterException(new CommandLine(this),
                    (n != null && n < 1 ? "-n" : "--per-artist") + " must be at least 1");
        }
        var cfg = common.load();
        var scan = LibraryLoader.load(cfg, System.out);
        var reader = new LibraryReader(PathRemap.parse(cfg.library().musicPathRemap()), w -> { });
        org.musicrec.library.Song seed;
        try {
            seed = SongQuery.resolve(text, scan, reader, Workspace.resolve(cfg.library().dbPath()));
        } catch (SongQuery.Ambiguous e) {
            System.err.println("musicrec similar: " + e.getMessage());
            return 2;   // like a usage error: the command line does not say which song
        }
        SimilarStage.run(cfg, scan, seed, version.resolve(cfg),
                n != null ? n : cfg.recommendations().similarCount(),
                perArtist != null ? perArtist : cfg.recommendations().similarMaxPerArtist(), filter, System.out);
        return 0;
    }
}

package org.musicrec.pipeline;

import org.musicrec.cache.BuildSummary;
import org.musicrec.cache.CacheBuilder;
import org.musicrec.config.MusicrecConfig;
import org.musicrec.library.LibraryScan;
import org.musicrec.progress.Progress;

import java.io.IOException;
import java.io.PrintStream;

/** Brings the chunk cache up to date with the library, with a progress bar and a printed summary. */
public final class CacheStage {
    private CacheStage() {
    }

    public static BuildSummary run(MusicrecConfig cfg, LibraryScan scan, boolean retryFailed, PrintStream out)
            throws IOException {
        BuildSummary summary;
        try (Progress progress = Progress.forConsole("songs")) {
            summary = new CacheBuilder(cfg.audio(), cfg.chunkCache(), Workspace.of(cfg).cacheDir(), progress)
                    .build(scan.songs(), retryFailed);
        }
        out.println(summary.format());
        return summary;
    }
}

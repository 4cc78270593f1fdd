package org.musicrec.pipeline;

import org.musicrec.cache.BuildSummary;
import org.musicrec.cache.CacheBuilder;
import org.musicrec.cache.NothingCachedException;
import org.musicrec.config.MusicrecConfig;
import org.musicrec.library.LibraryScan;
import org.musicrec.progress.Progress;

import java.io.IOException;
import java.io.PrintStream;

/** Brings the chunk cache up to date with the library, with a progress bar and a printed summary. */
public final class CacheStage {
    private CacheStage() {
    }

    /**
     * @throws org.musicrec.cache.LibraryUnreachableException when much of the library cannot be reached
     *         (nothing changed)
     * @throws NothingCachedException when every song failed (the summary is printed first)
     */
    public static BuildSummary run(MusicrecConfig cfg, LibraryScan scan, boolean retryFailed, PrintStream out)
            throws IOException {
        BuildSummary summary;
        try (Progress progress = Progress.forConsole("songs")) {
            // Songs the player flagged unavailable are still the user's: their entries are kept.
            summary = new CacheBuilder(cfg.audio(), cfg.chunkCache(), Workspace.of(cfg).cacheDir(), progress)
                    .build(scan.songs(), scan.unavailableRowids(), retryFailed);
        }
        out.println(summary.format());
        if (summary.everySongFailed()) {
            throw new NothingCachedException("every one of the library's " + summary.songs()
                    + " songs failed (reasons above); nothing can be trained or recommended");
        }
        return summary;
    }
}

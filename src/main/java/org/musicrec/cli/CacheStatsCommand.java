package org.musicrec.cli;

import org.musicrec.pipeline.Workspace;

import org.musicrec.cache.CacheStats;
import org.musicrec.config.MusicrecConfig;
import org.musicrec.library.LibraryScan;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.util.concurrent.Callable;

@Command(name = "cache-stats", mixinStandardHelpOptions = true,
        header = "What the chunk cache holds.",
        description = "What the chunk cache holds: songs, chunks, bytes on disk, failures by reason, stale "
                + "entries.")
final class CacheStatsCommand implements Callable<Integer> {
    @Mixin
    CommonOptions common;

    @Override
    public Integer call() throws Exception {
        MusicrecConfig cfg = common.load();
        return run(cfg, LibraryLoader.load(cfg, System.out));
    }

    static int run(MusicrecConfig cfg, LibraryScan scan) throws Exception {
        var cacheDir = Workspace.resolve(cfg.paths().cacheDir());
        System.out.println(CacheStats.compute(cacheDir, scan.songs()).format());
        return 0;
    }
}

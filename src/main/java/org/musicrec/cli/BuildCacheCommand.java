package org.musicrec.cli;

import org.musicrec.pipeline.Workspace;

import org.musicrec.cache.BuildSummary;
import org.musicrec.cache.CacheBuilder;
import org.musicrec.config.ChunkCacheConfig;
import org.musicrec.config.MusicrecConfig;
import org.musicrec.library.LibraryScan;
import org.musicrec.progress.Progress;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.concurrent.Callable;

@Command(name = "build-cache", mixinStandardHelpOptions = true,
        description = {"Decode every song's chunks (4 x 30 s, 16 kHz mono) into the chunk cache.",
                "Resumable: songs already cached and unchanged are skipped, changed files are re-cached,",
                "songs gone from the library are dropped. Failures are retried only with --retry-failed."})
final class BuildCacheCommand implements Callable<Integer> {
    @Mixin
    CommonOptions common;

    @Option(names = "--retry-failed", description = "decode again the songs that failed last time")
    boolean retryFailed;

    @Option(names = {"-j", "--workers"}, paramLabel = "N", description = "parallel decoders (overrides chunk_cache.num_workers)")
    Integer workers;

    @Override
    public Integer call() throws Exception {
        MusicrecConfig cfg = common.load();
        if (workers != null) {
            cfg = cfg.withChunkCache(new ChunkCacheConfig(cfg.chunkCache().dtype(), workers, cfg.chunkCache().ffmpegThreads()));
        }
        return run(cfg, retryFailed);
    }

    static int run(MusicrecConfig cfg, boolean retryFailed) throws Exception {
        LibraryScan scan = LibraryLoader.load(cfg, System.out);
        var cacheDir = Workspace.resolve(cfg.paths().cacheDir());
        BuildSummary summary;
        try (Progress progress = Progress.forConsole("songs")) {
            summary = new CacheBuilder(cfg.audio(), cfg.chunkCache(), cacheDir, progress).build(scan.songs(), retryFailed);
        }
        System.out.println(summary.format());
        return 0;
    }
}

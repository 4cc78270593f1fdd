package org.musicrec.cli;


import org.musicrec.config.ChunkCacheConfig;
import org.musicrec.config.MusicrecConfig;
import org.musicrec.pipeline.CacheStage;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.concurrent.Callable;

@Command(name = "build-cache", mixinStandardHelpOptions = true,
        header = "Decode every song's chunks into the chunk cache.",
        description = "Decode every song's chunks (4 x 30 s, 16 kHz mono) into the chunk cache. Resumable: songs "
                + "already cached and unchanged are skipped, changed files are re-cached, songs gone from the "
                + "library are dropped. Failures are retried only with --retry-failed.")
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
        CacheStage.run(cfg, LibraryLoader.load(cfg, System.out), retryFailed, System.out);
        return 0;
    }
}

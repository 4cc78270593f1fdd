package org.musicrec.config;

import java.util.List;

/**
 * Chunk cache storage and parallelism.
 *
 * @param dtype          on-disk sample type: int16 (default, half of float32's size), float16 or float32
 * @param numWorkers     songs decoded in parallel
 * @param ffmpegThreads  FFmpeg's own decoding threads per worker
 */
public record ChunkCacheConfig(String dtype, int numWorkers, int ffmpegThreads) {
    public ChunkCacheConfig {
        Check.oneOf("chunk_cache.dtype", dtype, List.of("int16", "float16", "float32"));
        Check.within("chunk_cache.num_workers", numWorkers, 1, 256);
        Check.within("chunk_cache.ffmpeg_threads", ffmpegThreads, 1, 64);
    }
}

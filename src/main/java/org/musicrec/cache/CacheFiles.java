package org.musicrec.cache;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** The files in a cache folder that the cache made: chunk files and temp files of its writes. */
final class CacheFiles {
    private CacheFiles() {
    }

    /** Our chunk and temp files under chunks/&lt;shard&gt;/ (nothing else, however named), sorted. */
    static List<Path> list(CacheLayout layout) throws IOException {
        List<Path> out = new ArrayList<>();
        if (!Files.isDirectory(layout.chunksDir())) {
            return out;
        }
        try (Stream<Path> shards = Files.list(layout.chunksDir())) {
            for (Path shard : shards.filter(p -> Files.isDirectory(p) && CacheLayout.isShardDir(p)).sorted().toList()) {
                try (Stream<Path> files = Files.list(shard)) {
                    files.filter(Files::isRegularFile)
                            .filter(p -> CacheLayout.isChunkFile(p) || CacheLayout.isTempFile(p))
                            .sorted().forEach(out::add);
                }
            }
        }
        return out;
    }
}

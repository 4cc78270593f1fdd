package org.musicrec.pipeline;

import org.musicrec.cache.ChunkCache;
import org.musicrec.library.LibraryScan;
import org.musicrec.library.Song;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/** The library together with its chunk cache: the songs whose current audio is cached. */
public record CachedLibrary(LibraryScan scan, ChunkCache cache, List<Song> cachedSongs) {
    public static CachedLibrary open(LibraryScan scan, Path cacheDir) throws IOException {
        ChunkCache cache = ChunkCache.open(cacheDir);
        List<Song> cached = cache.cachedSongs(scan.songs()).stream().map(ChunkCache.CachedSong::song).toList();
        return new CachedLibrary(scan, cache, cached);
    }
}

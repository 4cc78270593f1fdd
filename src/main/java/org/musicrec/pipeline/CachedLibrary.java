package org.musicrec.pipeline;

import org.musicrec.cache.CacheParams;
import org.musicrec.cache.ChunkCache;
import org.musicrec.config.MusicrecConfig;
import org.musicrec.library.LibraryScan;
import org.musicrec.library.Song;

import java.io.IOException;
import java.util.List;

/** The library together with its chunk cache: the songs whose current audio is cached. */
public record CachedLibrary(LibraryScan scan, ChunkCache cache, List<Song> cachedSongs) {
    /** Only songs cached with the config's audio and cache settings count as cached. */
    public static CachedLibrary open(LibraryScan scan, MusicrecConfig cfg) throws IOException {
        ChunkCache cache = ChunkCache.open(Workspace.of(cfg).cacheDir());
        List<Song> cached = cache.cachedSongs(scan.songs(), CacheParams.of(cfg.audio(), cfg.chunkCache())).stream()
                .map(ChunkCache.CachedSong::song).toList();
        return new CachedLibrary(scan, cache, cached);
    }
}

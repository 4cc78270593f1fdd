/**
 * The chunk cache: each song's N × L chunks decoded once and kept on disk for training and embedding.
 *
 * <h2>Layout</h2>
 * <pre>
 * &lt;cache_dir&gt;/index.db                              SQLite index (journal mode DELETE, synchronous FULL)
 * &lt;cache_dir&gt;/chunks/&lt;hh&gt;/&lt;rowid&gt;-&lt;hash12&gt;.npy      one file per song, shape (N, L)
 * </pre>
 * {@code hash12} is the first 6 bytes of SHA-256 of the song's key (hex), {@code hh} its first byte: the key
 * is the file's path, followed by {@code #t=START,END} (seconds) for a track of an album image (CUE sheet).
 * The .npy files load with {@code numpy.load}: int16 (value = stored × the entry's {@code scale}, the
 * song's peak mapped to 32767), or float16/float32 as decoded. Chunks are zero-padded after
 * {@code valid_samples}; z-normalisation happens at load ({@link org.musicrec.cache.ChunkCache#load}).
 *
 * <h2>Index</h2>
 * Table {@code entries}: song_id (library rowid), path (the song's key), file (relative; NULL unless cached),
 * mtime_ms and size (of the music file when read), duration, duration_source (container | decoded),
 * offsets and valid_samples (comma-separated, in samples from the song's start: a track's, not its
 * image's), scale, params
 * ("v1 sr=16000 n=4 L=480000 int16"), status (cached | failed | skipped), reason (short, grouped in
 * summaries), detail (full one-line message), bytes. Table {@code meta}: format, created_dir.
 *
 * <h2>Guarantees</h2>
 * Cache files are written atomically (temp, fsync, rename) before their index row; a killed build
 * leaves at worst unreferenced files, which the next build deletes and makes again. Music files and
 * the player's DB are only read; nothing is written beside the music.
 */
package org.musicrec.cache;

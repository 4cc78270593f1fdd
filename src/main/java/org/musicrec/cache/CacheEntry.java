package org.musicrec.cache;

import java.util.Arrays;

/**
 * One song's row in the cache index.
 *
 * @param songId         the library's rowid
 * @param path           the song's key as it was read ({@link org.musicrec.library.Song#key()}): the music file's
 *                       path, followed by the track's span for a track of an album image (CUE sheet)
 * @param file           the cache file relative to the cache dir; null unless {@link Status#CACHED}
 * @param mtimeMillis    the music file's modification time when read (a change means re-cache)
 * @param size           the music file's size in bytes when read
 * @param durationSeconds the song's length (NaN when unknown)
 * @param durationSource "container", "decoded" or "" (not decoded)
 * @param offsets        first sample of each chunk at the cache's rate, from the start of the song (of the
 *                       track, for a track of an album image)
 * @param validSamples   per chunk, real samples before the zero padding
 * @param scale          int16 caches: value = stored × scale; 1 for float caches
 * @param params         rate, chunk shape and dtype the file was made with; a change means re-cache
 * @param reason         short, shared by files with the same problem; "" when cached
 * @param detail         the full one-line message for this file
 * @param bytes          size of the cache file
 */
public record CacheEntry(long songId, String path, String file, long mtimeMillis, long size, double durationSeconds,
                         String durationSource, long[] offsets, int[] validSamples, double scale, String params,
                         Status status, String reason, String detail, long bytes) {
    public enum Status {
        CACHED, FAILED, SKIPPED;

        public String key() {
            return name().toLowerCase();
        }
    }

    public CacheEntry {
        offsets = offsets == null ? new long[0] : offsets.clone();
        validSamples = validSamples == null ? new int[0] : validSamples.clone();
        reason = reason == null ? "" : reason;
        detail = detail == null ? "" : detail;
        durationSource = durationSource == null ? "" : durationSource;
    }

    @Override
    public long[] offsets() {
        return offsets.clone();
    }

    @Override
    public int[] validSamples() {
        return validSamples.clone();
    }

    public boolean isCached() {
        return status == Status.CACHED;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CacheEntry e && songId == e.songId && path.equals(e.path)
                && java.util.Objects.equals(file, e.file) && mtimeMillis == e.mtimeMillis && size == e.size
                && Double.compare(durationSeconds, e.durationSeconds) == 0 && durationSource.equals(e.durationSource)
                && Arrays.equals(offsets, e.offsets) && Arrays.equals(validSamples, e.validSamples)
                && Double.compare(scale, e.scale) == 0 && params.equals(e.params) && status == e.status
                && reason.equals(e.reason) && detail.equals(e.detail) && bytes == e.bytes;
    }

    @Override
    public int hashCode() {
        return Long.hashCode(songId) * 31 + path.hashCode();
    }
}

package org.musicrec.library;

import java.nio.file.Path;

/**
 * One song of the user's library, as the player's DB describes it.
 *
 * @param rowid           the player's song id (SQLite rowid)
 * @param stars           -1 when unrated, else 0–5 in half-star steps (the DB stores stars / 5)
 * @param genre           the raw, unsplit genre tag ("" when untagged)
 * @param url             the DB's percent-encoded file:// URL, as stored
 * @param path            the decoded (and remapped) local file path
 * @param mtime           the file's modification time in Unix seconds, as the player last saw it
 * @param durationSeconds the tag-reported length (0 when unknown); a CUE track's own length
 * @param span            where the song's audio lies in the file: all of it, or one track of an album image
 */
public record Song(long rowid, String title, String artist, String album, int year, double stars, String genre,
                   String url, Path path, long mtime, long fileSize, double durationSeconds, TrackSpan span) {
    public Song {
        title = title == null ? "" : title;
        artist = artist == null ? "" : artist;
        album = album == null ? "" : album;
        genre = genre == null ? "" : genre;
        span = span == null ? TrackSpan.WHOLE_FILE : span;
    }

    /** A song that is a whole file. */
    public Song(long rowid, String title, String artist, String album, int year, double stars, String genre,
                String url, Path path, long mtime, long fileSize, double durationSeconds) {
        this(rowid, title, artist, album, year, stars, genre, url, path, mtime, fileSize, durationSeconds,
                TrackSpan.WHOLE_FILE);
    }

    /**
     * The song's identity in everything musicrec keeps (cache index, embeddings, descriptors, hand
     * features): its file path, plus the track's span for a track of an album image, so the tracks of one
     * image never share a row. A whole file's key is its path exactly as before CUE sheets were supported,
     * so existing stores stay valid.
     */
    public String key() {
        return path.toString() + span.keySuffix();
    }

    public boolean isRated() {
        return stars >= 0;
    }

    /** "Artist – Title", for messages and playlists. */
    public String displayName() {
        return (artist.isEmpty() ? "Unknown artist" : artist) + " – " + (title.isEmpty() ? path.getFileName() : title);
    }
}

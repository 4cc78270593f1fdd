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
 * @param durationSeconds the tag-reported length (0 when unknown)
 */
public record Song(long rowid, String title, String artist, String album, int year, double stars, String genre,
                   String url, Path path, long mtime, long fileSize, double durationSeconds) {
    public Song {
        title = title == null ? "" : title;
        artist = artist == null ? "" : artist;
        album = album == null ? "" : album;
        genre = genre == null ? "" : genre;
    }

    public boolean isRated() {
        return stars >= 0;
    }

    /** "Artist – Title", for messages and playlists. */
    public String displayName() {
        return (artist.isEmpty() ? "Unknown artist" : artist) + " – " + (title.isEmpty() ? path.getFileName() : title);
    }
}

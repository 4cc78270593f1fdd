package org.musicrec.testing.player;

/**
 * One playlist item as a real player stored it in its own DB after loading a playlist.
 *
 * @param url         the file:// URL the player resolved the location to (percent-encoded as it stores it)
 * @param filetype    the player's Song::FileType code; 0 (unknown) when it could not read the file
 * @param filesize    bytes, as the player read them from the file
 * @param lengthNanos the length the player shows
 * @param libraryId   the library song the item is (its rowid in the player's songs table); 0 for a file
 *                    outside the library. Of a library item the DB keeps only this id: the columns above
 *                    are then blank, and the song is the library's row
 */
public record PlayerTrack(String url, String title, String artist, String album, int filetype, long filesize,
                          long lengthNanos, long libraryId) {
}

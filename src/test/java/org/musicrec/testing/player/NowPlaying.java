package org.musicrec.testing.player;

/**
 * A playlist item as the player holds it in memory while it is current (its MPRIS {@code Metadata}).
 *
 * @param url          {@code xesam:url}
 * @param lengthMicros {@code mpris:length}; -1 when the player gives none (it omits a length it takes as invalid,
 *                     such as an end before the start)
 */
public record NowPlaying(String title, String url, long lengthMicros) {
}

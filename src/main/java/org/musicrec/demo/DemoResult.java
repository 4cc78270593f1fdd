package org.musicrec.demo;

import java.nio.file.Path;
import java.time.Duration;

/**
 * What {@link DemoLibrary#create} made (or found).
 *
 * @param musicDir the library folder registered in the DB ({@code <dir>/music})
 * @param database the Clementine-schema {@code clementine.db}
 * @param truth    {@code truth.csv}: the taste rule's stars for every song
 * @param plan     {@code demo_plan.csv}: every song's category and musical parameters
 * @param songs    number of songs (= audio files = DB rows)
 * @param rated    songs with a rating in the DB
 * @param untagged songs with an empty genre tag
 * @param reused   true if a complete demo with the same options already existed
 * @param elapsed  wall time of this call
 */
public record DemoResult(Path dir, Path musicDir, Path database, Path truth, Path plan, int songs, int rated,
                         int untagged, boolean reused, Duration elapsed) {
}

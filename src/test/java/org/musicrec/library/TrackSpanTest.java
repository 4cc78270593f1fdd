package org.musicrec.library;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TrackSpanTest {
    private static final Path SHEET = Path.of("/m/Album.cue");

    private static Song song(TrackSpan span) {
        Path p = Path.of("/m/Album #1.flac");
        return new Song(1, "t", "a", "b", 0, -1, "", FileUrls.toUrl(p), p, 0, 0, 30, span);
    }

    @Test
    void aWholeFileIsKeyedByItsPathAloneAsBeforeCueSupport() {
        Song whole = song(null);
        assertEquals(TrackSpan.WHOLE_FILE, whole.span());
        assertEquals("/m/Album #1.flac", whole.key());
        assertFalse(whole.span().isCueTrack());
        assertTrue(Double.isNaN(whole.span().lengthSeconds()));
    }

    @Test
    void aTrackIsKeyedByItsPathAndExactSpanInSeconds() {
        assertEquals("/m/Album #1.flac#t=0,25", song(new TrackSpan(0, 25_000_000_000L, 1, SHEET)).key(),
                "the first track is not the whole file");
        assertEquals("/m/Album #1.flac#t=25,55", song(new TrackSpan(25_000_000_000L, 30_000_000_000L, 2, SHEET)).key());
        // a CUE frame is 1/75 s: the players store it to the nanosecond, and so does the key
        assertEquals("/m/Album #1.flac#t=183.653333333,240.5",
                song(new TrackSpan(183_653_333_333L, 56_846_666_667L, 3, SHEET)).key());
        assertEquals("/m/Album #1.flac#t=55", song(new TrackSpan(55_000_000_000L, -1, 3, SHEET)).key(),
                "a last track without a length runs to the end of the file");
        assertNotEquals(song(new TrackSpan(0, 25_000_000_000L, 1, SHEET)).key(),
                song(new TrackSpan(0, 26_000_000_000L, 1, SHEET)).key(), "an edited sheet makes a new song");
    }

    @Test
    void aRowThatBeginsInsideItsFileIsATrackEvenWithoutASheet() {
        TrackSpan t = new TrackSpan(1_000_000_000L, 0, 0, null);
        assertTrue(t.isCueTrack());
        assertEquals(-1, t.lengthNanos(), "0 is no length");
        assertEquals("#t=1", t.keySuffix());
        assertThrows(IllegalArgumentException.class, () -> new TrackSpan(-1, 0, 0, SHEET));
    }
}

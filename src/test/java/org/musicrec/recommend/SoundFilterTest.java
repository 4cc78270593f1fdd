package org.musicrec.recommend;

import org.junit.jupiter.api.Test;
import org.musicrec.describe.SongDescriptors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SoundFilterTest {
    private static SongDescriptors song(double bpm, int key, boolean minor) {
        return new SongDescriptors(bpm, 0.8, Double.NaN, 0.6, 3, key, minor, 0.7, -14, 6, 1800, 4000, 0.05, 1500,
                0.7, 0.2);
    }

    @Test
    void parsesClosedAndOpenTempoRanges() {
        SoundFilter closed = SoundFilter.tempo("90-120");
        assertEquals(90, closed.minBpm());
        assertEquals(120, closed.maxBpm());
        assertTrue(Double.isNaN(SoundFilter.tempo("90-").maxBpm()));
        assertTrue(Double.isNaN(SoundFilter.tempo(" -120 ").minBpm()));
        assertEquals(" (90–120 BPM)", closed.describe());
        assertEquals(" (90 BPM and faster, minor keys)", SoundFilter.tempo("90-").withMode("Minor").describe());
        assertEquals(" (up to 120 BPM, same mode as the seed)", SoundFilter.tempo("-120").withMode("same").describe());
        assertEquals("", SoundFilter.NONE.describe());
    }

    @Test
    void refusesWhatIsNotARangeOfPositiveTempos() {
        for (String bad : new String[]{"", "-", "fast", "120", "90-abc", "0-100", "130-90", "1-2-3"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SoundFilter.tempo(bad), bad);
            assertFalse(e.getMessage().isBlank());
        }
        assertThrows(IllegalArgumentException.class, () -> SoundFilter.NONE.withMode("dorian"));
    }

    @Test
    void acceptsOnlySongsWhoseMeasuredTempoAndModeFit() {
        SongDescriptors seed = song(100, 9, true);
        SoundFilter f = SoundFilter.tempo("90-120");
        assertTrue(f.accepts(seed, song(90, 0, false)));
        assertTrue(f.accepts(seed, song(120, 0, false)));
        assertFalse(f.accepts(seed, song(121, 0, false)));
        assertFalse(f.accepts(seed, song(Double.NaN, 0, false)), "no tempo never passes a tempo filter");
        assertFalse(f.accepts(seed, null), "no descriptors never pass a filter");

        SoundFilter same = SoundFilter.NONE.withMode("same");
        assertTrue(same.accepts(seed, song(60, 2, true)));
        assertFalse(same.accepts(seed, song(60, 2, false)));
        assertFalse(same.accepts(seed, song(60, -1, false)), "no key never passes a mode filter");
        assertFalse(same.accepts(song(60, -1, false), song(60, 2, false)), "a seed without a key has no mode to match");
        assertTrue(SoundFilter.NONE.withMode("major").accepts(null, song(60, 4, false)));
        assertTrue(SoundFilter.NONE.accepts(seed, null));
    }
}

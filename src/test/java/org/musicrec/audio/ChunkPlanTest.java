package org.musicrec.audio;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ChunkPlanTest {
    private static final int L = 30 * 16000;

    @Test
    void evenlySpacedFirstAtZeroLastEndingAtTheEnd() {
        long d = 200L * 16000;
        ChunkPlan p = ChunkPlan.of(d, 4, L);
        long span = d - L;
        assertArrayEquals(new long[]{0, span / 3, 2 * span / 3, span}, p.offsets());
        assertEquals(d, p.offset(3) + L);
        for (int i = 0; i < 4; i++) {
            assertEquals(L, p.validSamples(i));
        }
    }

    @Test
    void overlappingChunksWhenSongShorterThanNChunks() {
        ChunkPlan p = ChunkPlan.of(60L * 16000, 4, L);
        assertArrayEquals(new long[]{0, 160000, 320000, 480000}, p.offsets());
    }

    @Test
    void shortSongAllChunksFromZeroWithPaddingCounted() {
        ChunkPlan p = ChunkPlan.of(6L * 16000, 4, L);
        assertArrayEquals(new long[]{0, 0, 0, 0}, p.offsets());
        for (int i = 0; i < 4; i++) {
            assertEquals(96000, p.validSamples(i));
        }
    }

    @Test
    void exactlyOneChunkLongIsNotPadded() {
        ChunkPlan p = ChunkPlan.of(L, 4, L);
        assertArrayEquals(new long[]{0, 0, 0, 0}, p.offsets());
        assertEquals(L, p.validSamples(3));
    }

    @Test
    void singleChunkStartsAtZero() {
        assertArrayEquals(new long[]{0}, ChunkPlan.of(100L * 16000, 1, L).offsets());
    }

    @Test
    void emptySongGivesZeroValidSamples() {
        assertEquals(0, ChunkPlan.of(0, 4, L).validSamples(0));
    }

    @Test
    void fromSecondsRoundsToSamples() {
        assertEquals(ChunkPlan.of(3_200_008, 4, L), ChunkPlan.ofSeconds(200.0005, 16000, 4, L));
    }

    @Test
    void rejectsNonsense() {
        assertThrows(IllegalArgumentException.class, () -> ChunkPlan.of(100, 0, L));
        assertThrows(IllegalArgumentException.class, () -> ChunkPlan.of(-1, 4, L));
    }
}

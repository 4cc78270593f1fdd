package org.musicrec.audio;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

class FfmpegThreadsTest {
    @Test
    void configuredThreadsCappedByOmpNumThreads() {
        assertEquals(4, FfmpegThreads.effective(4, Map.of()));
        assertEquals(2, FfmpegThreads.effective(4, Map.of("OMP_NUM_THREADS", "2")));
        assertEquals(1, FfmpegThreads.effective(1, Map.of("OMP_NUM_THREADS", "8")));
        assertEquals(4, FfmpegThreads.effective(4, Map.of("OMP_NUM_THREADS", "lots")));
        assertEquals(4, FfmpegThreads.effective(4, Map.of("OMP_NUM_THREADS", "0")));
    }
}

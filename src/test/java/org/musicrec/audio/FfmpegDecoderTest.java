package org.musicrec.audio;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.musicrec.config.AudioConfig;
import org.musicrec.testing.CueImage;
import org.musicrec.testing.SharedFixtures;
import org.musicrec.testing.Wav;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FfmpegDecoderTest {
    private static final AudioConfig SEED = new AudioConfig(16000, 4, 30, 900);

    @ParameterizedTest
    @ValueSource(strings = {"mp3", "ogg", "flac", "m4a"})
    void fixtureFormatsDecodeToPaddedChunksFromZero(String ext) throws Exception {
        Path f = SharedFixtures.music(ext);
        SongChunks c = new FfmpegDecoder(SEED, 1).decode(f);
        assertEquals("container", c.durationSource());
        assertTrue(c.durationSeconds() > 4.5 && c.durationSeconds() < 9.5, "duration " + c.durationSeconds());
        assertEquals(4, c.chunks().length);
        for (int i = 0; i < 4; i++) {
            assertEquals(480000, c.chunks()[i].length);
            // 5–9 s songs: every chunk is the song from 0, zero-padded after its real samples
            assertArrayEquals(c.chunks()[0], c.chunks()[i]);
            assertEquals(c.validSamples()[0], c.validSamples()[i]);
        }
        int valid = c.validSamples()[0];
        assertTrue(Math.abs(valid - c.durationSeconds() * 16000) < 16000, "valid " + valid);
        assertTrue(rms(c.chunks()[0], 0, valid) > 0.01, "audible");
        assertEquals(0.0, rms(c.chunks()[0], valid, 480000), "padding is zeros");
    }

    /**
     * A track of an album image decodes to the same chunks whether its chunks are sought one by one or its
     * whole span is decoded and cut (the path for files whose header states no length), and both stop at
     * the track's end; a track without a length runs to the end of the file.
     */
    @Test
    void aTrackOfAnAlbumImageDecodesToTheSameChunksSeekingOrWhole(@TempDir Path dir) throws Exception {
        CueImage image = CueImage.create(dir);
        FfmpegDecoder d = new FfmpegDecoder(new AudioConfig(CueImage.RATE, 4, 10, 900), 1);
        CueImage.Track second = image.tracks().get(1);
        Section span = new Section(second.startSeconds(), second.seconds());
        SongChunks seek = d.decode(image.audio(), span);
        SongChunks whole = d.decodeWhole(image.audio(), span);
        assertEquals("container", seek.durationSource());
        assertEquals("decoded", whole.durationSource());
        assertEquals(second.seconds(), seek.durationSeconds(), 1e-9);
        assertEquals(second.seconds(), whole.durationSeconds(), 1e-9, "decoding stopped at the track's end");
        assertFalse(whole.truncated());
        assertEquals(seek.plan(), whole.plan());
        for (int k = 0; k < 4; k++) {
            assertArrayEquals(seek.chunks()[k], whole.chunks()[k], 1e-6f, "chunk " + k);
        }

        CueImage.Track last = image.tracks().get(2);
        SongChunks open = d.decode(image.audio(), new Section(last.startSeconds(), Double.NaN));
        assertEquals(last.seconds(), open.durationSeconds(), 0.01, "to the end of the file");
        assertArrayEquals(image.slice(last.startSample(), 10 * CueImage.RATE), open.chunks()[0], 1e-4f);
    }

    @ParameterizedTest
    @ValueSource(strings = {"mp3", "ogg", "opus"})
    void seekingGivesTheSameAudioAsDecodingWhole(String ext) throws Exception {
        AudioConfig cfg = new AudioConfig(16000, 4, 5, 900);
        FfmpegDecoder d = new FfmpegDecoder(cfg, 1);
        Path f = SharedFixtures.clock40(ext);
        SongChunks seek = d.decode(f);
        SongChunks whole = d.decodeWhole(f);
        assertEquals("container", seek.durationSource());
        assertEquals(40.0, seek.durationSeconds(), 0.1);
        assertTrue(seek.plan().offset(3) > 30 * 16000, "chunks spread over the song");
        for (int i = 0; i < 4; i++) {
            long shift = seek.plan().offset(i) - whole.plan().offset(i);
            assertTrue(Math.abs(shift) < 1600, "offsets agree within 0.1 s: " + shift);
            // Same audio at the same place. Resampling restarts after a seek on the input's sample grid,
            // so the two may differ by a fraction of a sample (up to ~3 % error on these 0.2–1.2 kHz
            // tones); a lag of a whole second, or silence, would give an error near 1 or 2.
            double best = Double.MAX_VALUE;
            int bestLag = 0;
            for (int lag = -4; lag <= 4; lag++) {
                double err = 0;
                double energy = 0;
                for (int k = 2000; k < 78000 - 2000; k++) {
                    double a = seek.chunks()[i][k];
                    double b = whole.chunks()[i][k + (int) shift + lag];
                    err += (a - b) * (a - b);
                    energy += b * b;
                }
                if (err / energy < best) {
                    best = err / energy;
                    bestLag = lag;
                }
            }
            assertTrue(best < 0.06 && Math.abs(bestLag) <= 1, ext + " chunk " + i + " relative error " + best + " at lag " + bestLag);
        }
    }

    @Test
    void wavAtTargetRateSeeksSampleExactly(@TempDir Path dir) throws Exception {
        float[] x = Wav.clock(16000, 100, 7);
        Path f = dir.resolve("clock.wav");
        Wav.write(f, 16000, 1, x);
        SongChunks c = new FfmpegDecoder(new AudioConfig(16000, 4, 10, 900), 1).decode(f);
        assertArrayEquals(new long[]{0, 30 * 16000, 60 * 16000, 90 * 16000}, c.plan().offsets());
        for (int i = 0; i < 4; i++) {
            int off = (int) c.plan().offset(i);
            for (int k = 0; k < 160000; k++) {
                float expected = Wav.toPcm(x[off + k]) / 32768f;
                if (Math.abs(c.chunks()[i][k] - expected) > 1e-6f) {
                    throw new AssertionError("chunk " + i + " sample " + k + ": " + c.chunks()[i][k] + " vs " + expected);
                }
            }
        }
    }

    @Test
    void sameFileSameSamplesEveryTime() throws Exception {
        FfmpegDecoder d = new FfmpegDecoder(new AudioConfig(16000, 4, 5, 900), 1);
        Path f = SharedFixtures.clock40("mp3");
        SongChunks a = d.decode(f);
        SongChunks b = d.decode(f);
        for (int i = 0; i < 4; i++) {
            assertArrayEquals(a.chunks()[i], b.chunks()[i]);
        }
    }

    @Test
    void sixChannel48kDownmixesToMono16k(@TempDir Path dir) throws Exception {
        int frames = 48000 * 3;
        float[] x = new float[frames * 6];
        for (int i = 0; i < frames; i++) {
            for (int ch = 0; ch < 6; ch++) {
                x[i * 6 + ch] = (float) (0.2 * Math.sin(2 * Math.PI * (200 + 100 * ch) * i / 48000.0));
            }
        }
        Path f = dir.resolve("surround.wav");
        Wav.write(f, 48000, 6, x);
        SongChunks c = new FfmpegDecoder(SEED, 1).decode(f);
        assertEquals(3.0, c.durationSeconds(), 0.01);
        assertEquals(48000, c.validSamples()[0], 16);
        assertTrue(rms(c.chunks()[0], 0, 48000) > 0.01);
    }

    @Test
    void tooLongIsSkippedWithItsLength(@TempDir Path dir) throws Exception {
        Path f = Wav.writeClock(dir.resolve("long.wav"), 8000, 20, 1);
        AudioException e = org.junit.jupiter.api.Assertions.assertThrows(AudioException.class,
                () -> new FfmpegDecoder(new AudioConfig(16000, 4, 5, 12), 1).decode(f));
        assertEquals(AudioException.Kind.SKIPPED, e.kind());
        assertEquals("longer than max_duration 12 s", e.reason());
        assertEquals("longer than max_duration 12 s (20 s)", e.getMessage());
    }

    @Test
    void missingAndEmptyFilesFailWithReason(@TempDir Path dir) throws Exception {
        FfmpegDecoder d = new FfmpegDecoder(SEED, 1);
        AudioException missing = org.junit.jupiter.api.Assertions.assertThrows(AudioException.class,
                () -> d.decode(dir.resolve("nope.mp3")));
        assertEquals("file not found", missing.reason());
        Path empty = Files.createFile(dir.resolve("empty.mp3"));
        AudioException e = org.junit.jupiter.api.Assertions.assertThrows(AudioException.class, () -> d.decode(empty));
        assertEquals("empty file", e.reason());
    }

    static double rms(float[] x, int from, int to) {
        double s = 0;
        for (int i = from; i < to; i++) {
            s += x[i] * x[i];
        }
        return to > from ? Math.sqrt(s / (to - from)) : 0;
    }
}

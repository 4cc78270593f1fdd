package org.musicrec.describe;

import org.musicrec.audio.AudioException;
import org.musicrec.audio.ChunkPlan;
import org.musicrec.audio.FfmpegDecoder;
import org.musicrec.audio.SongChunks;
import org.musicrec.config.AudioConfig;
import org.musicrec.demo.DemoOptions;
import org.musicrec.demo.LibraryPlanner;
import org.musicrec.demo.Pcm;
import org.musicrec.demo.SongPlan;
import org.musicrec.demo.Synthesizer;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Demo songs whose tempo, key and mode the generator knows, as the descriptors see a cached song: rendered at
 * the song's own rate and channels as the demo library is, written as a WAV file and read back by the
 * product's own decoder into the cache's 4 evenly spaced 30 s chunks of 16 kHz mono, each at its real
 * length. (Rendering straight at 16 kHz would alias the cymbals' and shakers' noise into the band the
 * descriptors read, which no real file has.)
 */
final class DemoAudio {
    static final int RATE = 16_000;

    /** One generated song with what the generator knows about it. */
    record Song(SongPlan plan, SongAudio audio) {
    }

    private DemoAudio() {
    }

    /** {@code count} songs of the demo library with {@code seed} (songs of 40–60 s, every category). */
    static List<Song> songs(int count, long seed) {
        List<SongPlan> plans = LibraryPlanner.plan(DemoOptions.defaults().withSongs(count).withSeed(seed), true);
        List<Song> out = new ArrayList<>();
        Synthesizer synth = new Synthesizer();
        FfmpegDecoder decoder = new FfmpegDecoder(new AudioConfig(RATE, 4, 30, 900), 1);
        try {
            Path wav = Files.createTempFile("demo-song", ".wav");
            try {
                for (SongPlan p : plans) {
                    writeWav(wav, synth.render(p));
                    SongChunks c = decoder.decode(wav);
                    out.add(new Song(p, SongAudio.of(c.chunks(), c.validSamples(), RATE)));
                }
            } finally {
                Files.deleteIfExists(wav);
            }
        } catch (IOException | AudioException e) {
            throw new IllegalStateException("cannot render and decode demo songs: " + e.getMessage(), e);
        }
        return out;
    }

    /** 16-bit PCM WAV (RIFF): the 44-byte header, then the interleaved samples, little-endian. */
    static void writeWav(Path file, Pcm pcm) throws IOException {
        int bytes = pcm.samples().length * 2;
        ByteBuffer b = ByteBuffer.allocate(44 + bytes).order(ByteOrder.LITTLE_ENDIAN);
        b.put("RIFF".getBytes(StandardCharsets.US_ASCII)).putInt(36 + bytes).put("WAVE".getBytes(StandardCharsets.US_ASCII));
        b.put("fmt ".getBytes(StandardCharsets.US_ASCII)).putInt(16).putShort((short) 1).putShort((short) pcm.channels())
                .putInt(pcm.sampleRate()).putInt(pcm.sampleRate() * pcm.channels() * 2)
                .putShort((short) (pcm.channels() * 2)).putShort((short) 16);
        b.put("data".getBytes(StandardCharsets.US_ASCII)).putInt(bytes);
        for (short v : pcm.samples()) {
            b.putShort(v);
        }
        Files.write(file, b.array());
    }

    /** The plan rendered at 16 kHz mono (everything else unchanged). */
    static SongPlan at16kMono(SongPlan p) {
        return new SongPlan(p.index(), p.category(), p.artist(), p.album(), p.title(), p.genreTag(), p.year(),
                p.track(), p.trackTotal(), p.format(), RATE, 1, p.durationSeconds(), p.bpm(), p.keyRoot(), p.minor(),
                p.brightness(), p.progression(), p.seed(), p.relativePath(), p.truthStars(), p.rating());
    }

    /** Mono 16-bit PCM → the cache's chunks. */
    static SongAudio chunks(Pcm pcm) {
        float[] x = new float[pcm.frames()];
        for (int i = 0; i < x.length; i++) {
            x[i] = pcm.samples()[i * pcm.channels()] / 32768f;
        }
        return chunks(x, pcm.sampleRate());
    }

    /** A mono signal → 4 evenly spaced chunks of at most 30 s, as the cache plans them. */
    static SongAudio chunks(float[] x, int rate) {
        ChunkPlan plan = ChunkPlan.of(x.length, 4, 30 * rate);
        float[][] c = new float[plan.numChunks()][];
        for (int i = 0; i < c.length; i++) {
            int from = (int) plan.offset(i);
            c[i] = java.util.Arrays.copyOfRange(x, from, from + plan.validSamples(i));
        }
        return new SongAudio(c, rate);
    }
}

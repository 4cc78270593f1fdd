package org.musicrec.describe;

import org.musicrec.audio.ChunkPlan;
import org.musicrec.demo.DemoOptions;
import org.musicrec.demo.LibraryPlanner;
import org.musicrec.demo.Pcm;
import org.musicrec.demo.SongPlan;
import org.musicrec.demo.Synthesizer;

import java.util.ArrayList;
import java.util.List;

/**
 * Demo songs whose tempo, key and mode the generator knows, as the descriptors see a cached song: rendered
 * straight at 16 kHz mono (the cache's format; the synthesiser renders at any rate) and cut into the cache's
 * 4 evenly spaced 30 s chunks ({@link ChunkPlan}), each at its real length.
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
        for (SongPlan p : plans) {
            out.add(new Song(p, chunks(synth.render(at16kMono(p)))));
        }
        return out;
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

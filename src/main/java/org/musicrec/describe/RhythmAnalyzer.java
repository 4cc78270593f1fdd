package org.musicrec.describe;

/**
 * Rhythm descriptors of a song from its cached chunks: an onset strength envelope per chunk
 * ({@link OnsetStrength}, Ellis 2007), the tempo, its competing octave, confidence and pulse clarity from the
 * envelopes' pooled autocorrelation ({@link TempoEstimator}), and the onset rate from peak picking
 * ({@link OnsetPeaks}). Chunks are analysed as separate excerpts.
 *
 * <p>Immutable and thread-safe; about 50 ms per song of 4 × 30 s at 16 kHz on one core. Never throws on
 * empty, silent or odd audio; only audio at another sample rate than the analyser's is refused.
 */
public final class RhythmAnalyzer {
    private final OnsetStrength onsets;
    private final TempoEstimator tempo;

    public RhythmAnalyzer(int sampleRate) {
        this.onsets = new OnsetStrength(sampleRate);
        this.tempo = new TempoEstimator(onsets.frameRate());
    }

    /** @throws IllegalArgumentException when the audio's sample rate is not the analyser's */
    public Rhythm analyze(SongAudio audio) {
        OnsetEnvelope env = onsets.of(audio);
        TempoEstimate t = tempo.estimate(env);
        double rate = env.seconds() > 0 ? OnsetPeaks.count(env) / env.seconds() : 0;
        return new Rhythm(t.bpm(), t.confidence(), t.alternativeBpm(), t.pulseClarity(), rate);
    }
}

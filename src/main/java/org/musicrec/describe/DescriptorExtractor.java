package org.musicrec.describe;

import org.musicrec.dsp.Cqt;

/**
 * All of a song's {@link SongDescriptors} from its cached chunks: rhythm ({@link RhythmAnalyzer}), key
 * ({@link KeyEstimator}, on the project's own CQT), loudness ({@link LoudnessMeter}) and spectral shape
 * ({@link SpectralAnalyzer}). Not thread-safe: one per thread.
 */
public final class DescriptorExtractor {
    private final int sampleRate;
    private final RhythmAnalyzer rhythm;
    private final KeyEstimator key;
    private final LoudnessMeter loudness;
    private final SpectralAnalyzer spectral;

    /** @param cqt this thread's CQT (its sample rate must be the chunks') */
    public DescriptorExtractor(Cqt cqt) {
        this.sampleRate = cqt.params().sampleRate();
        this.rhythm = new RhythmAnalyzer(sampleRate);
        this.key = new KeyEstimator(cqt);
        this.loudness = new LoudnessMeter(sampleRate);
        this.spectral = new SpectralAnalyzer(sampleRate);
    }

    public SongDescriptors describe(SongAudio audio) {
        if (audio.sampleRate() != sampleRate) {
            throw new IllegalArgumentException("audio at " + audio.sampleRate() + " Hz, the descriptors expect " + sampleRate);
        }
        Rhythm r = rhythm.analyze(audio);
        Tonality t = key.estimate(audio);
        Loudness l = loudness.measure(audio);
        SpectralShape s = spectral.analyze(audio);
        return new SongDescriptors(r.bpm(), r.confidence(), r.alternativeBpm(), r.pulseClarity(), r.onsetRate(),
                t.keyRoot(), t.keyRoot() >= 0 && t.minor(), t.confidence(), l.integratedLufs(), l.rangeLu(),
                s.centroidHz(), s.rolloffHz(), s.flatness(), s.zeroCrossingRate(), s.harmonicShare(), s.lowEndShare());
    }
}

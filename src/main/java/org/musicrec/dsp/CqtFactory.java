package org.musicrec.dsp;

import org.musicrec.config.AudioConfig;
import org.musicrec.config.CqtConfig;

/** Builds the configured CQT (its kernels are computed here, once per stage). */
public final class CqtFactory {
    private CqtFactory() {
    }

    public static CqtParams params(CqtConfig c, AudioConfig audio) {
        return new CqtParams(audio.sampleRate(), c.nBins(), c.binsPerOctave(), c.fmin(), c.hopLength(),
                CqtParams.Algorithm.parse(c.algorithm()));
    }

    public static Cqt create(CqtConfig c, AudioConfig audio) {
        return Cqt.create(params(c, audio));
    }
}

package org.musicrec.config;

import java.util.List;

/** Constant-Q transform parameters (librosa conventions). */
public record CqtConfig(int nBins, int binsPerOctave, double fmin, int hopLength, String algorithm) {
    public CqtConfig {
        Check.within("cqt.n_bins", nBins, 1, 1024);
        Check.within("cqt.bins_per_octave", binsPerOctave, 1, 96);
        Check.positive("cqt.fmin", fmin);
        Check.within("cqt.hop_length", hopLength, 1, 1 << 16);
        Check.oneOf("cqt.algorithm", algorithm, List.of("direct", "multirate"));
    }
}

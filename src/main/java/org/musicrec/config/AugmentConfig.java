package org.musicrec.config;

/** Training-view augmentations (DESIGN.md: crop, gain, noise, same-genre mixup, same-album positive). */
public record AugmentConfig(
        double cropMinSeconds,
        double cropMaxSeconds,
        double gainDb,
        double noiseSnrMinDb,
        double noiseSnrMaxDb,
        double noiseP,
        double mixupAlpha,
        double mixupP,
        double sameAlbumP) {
    public AugmentConfig {
        Check.positive("augment.crop_min_seconds", cropMinSeconds);
        if (cropMaxSeconds < cropMinSeconds) {
            throw new ConfigException("augment.crop_max_seconds (" + cropMaxSeconds
                    + ") must be >= augment.crop_min_seconds (" + cropMinSeconds + ")");
        }
        Check.nonNegative("augment.gain_db", gainDb);
        if (noiseSnrMaxDb < noiseSnrMinDb) {
            throw new ConfigException("augment.noise_snr_max_db must be >= augment.noise_snr_min_db");
        }
        Check.within("augment.noise_p", noiseP, 0, 1);
        Check.within("augment.mixup_alpha", mixupAlpha, 0, 0.5);
        Check.within("augment.mixup_p", mixupP, 0, 1);
        Check.within("augment.same_album_p", sameAlbumP, 0, 1);
    }
}

package org.musicrec.config;

/** The whole configuration, as loaded from YAML by {@link ConfigLoader}. Immutable. */
public record MusicrecConfig(
        LibraryConfig library,
        PathsConfig paths,
        AudioConfig audio,
        ChunkCacheConfig chunkCache,
        CqtConfig cqt,
        EncoderConfig encoder,
        AugmentConfig augment,
        ClassifierConfig classifier,
        RecommendationsConfig recommendations,
        double trainSplit,
        long seed) {
    public MusicrecConfig {
        Check.present("library", library);
        Check.present("paths", paths);
        Check.present("audio", audio);
        Check.present("chunk_cache", chunkCache);
        Check.present("cqt", cqt);
        Check.present("encoder", encoder);
        Check.present("augment", augment);
        Check.present("classifier", classifier);
        Check.present("recommendations", recommendations);
        Check.strictlyWithin("train_split", trainSplit, 0, 1);
    }

    public MusicrecConfig withLibrary(LibraryConfig l) {
        return new MusicrecConfig(l, paths, audio, chunkCache, cqt, encoder, augment, classifier, recommendations,
                trainSplit, seed);
    }

    public MusicrecConfig withPaths(PathsConfig p) {
        return new MusicrecConfig(library, p, audio, chunkCache, cqt, encoder, augment, classifier, recommendations,
                trainSplit, seed);
    }

    public MusicrecConfig withChunkCache(ChunkCacheConfig c) {
        return new MusicrecConfig(library, paths, audio, c, cqt, encoder, augment, classifier, recommendations,
                trainSplit, seed);
    }

    public MusicrecConfig withEncoder(EncoderConfig e) {
        return new MusicrecConfig(library, paths, audio, chunkCache, cqt, e, augment, classifier, recommendations,
                trainSplit, seed);
    }

    public MusicrecConfig withClassifier(ClassifierConfig c) {
        return new MusicrecConfig(library, paths, audio, chunkCache, cqt, encoder, augment, c, recommendations,
                trainSplit, seed);
    }
}

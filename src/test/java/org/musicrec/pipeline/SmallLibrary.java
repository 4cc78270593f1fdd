package org.musicrec.pipeline;

import org.musicrec.cache.CacheBuilder;
import org.musicrec.config.AudioConfig;
import org.musicrec.config.AugmentConfig;
import org.musicrec.config.ChunkCacheConfig;
import org.musicrec.config.ConfigLoader;
import org.musicrec.config.LibraryConfig;
import org.musicrec.config.MusicrecConfig;
import org.musicrec.config.PathsConfig;
import org.musicrec.demo.AudioFormat;
import org.musicrec.demo.DemoLibrary;
import org.musicrec.demo.DemoOptions;
import org.musicrec.demo.DemoResult;
import org.musicrec.library.LibraryReader;
import org.musicrec.library.LibraryScan;
import org.musicrec.library.PathRemap;
import org.musicrec.progress.Progress;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * A small generated library for pipeline tests: demo songs of a few seconds, cached as 2 chunks of
 * 3 s, and a config sized for it (narrow backbone, batch 4, 2 s clips). Public for the tests of later
 * stages (eval, recommend) that need a cached library.
 */
public final class SmallLibrary {
    public final MusicrecConfig cfg;
    public final CachedLibrary lib;
    public final DemoResult demo;

    private SmallLibrary(MusicrecConfig cfg, CachedLibrary lib, DemoResult demo) {
        this.cfg = cfg;
        this.lib = lib;
        this.demo = demo;
    }

    public static SmallLibrary create(Path dir, int songs, int epochs) throws IOException {
        DemoResult demo = DemoLibrary.create(dir.resolve("lib"), DemoOptions.defaults().withSongs(songs)
                .withDuration(6, 8).withFormats(List.of(AudioFormat.FLAC)).withThreads(2), (d, t, s) -> { });
        MusicrecConfig cfg = config(dir, demo.database(), epochs);
        LibraryScan scan = new LibraryReader(PathRemap.NONE, w -> { }).read(demo.database());
        Path cacheDir = Workspace.of(cfg).cacheDir();
        new CacheBuilder(cfg.audio(), cfg.chunkCache(), cacheDir, Progress.silent()).build(scan.songs(), false);
        return new SmallLibrary(cfg, CachedLibrary.open(scan, cfg), demo);
    }

    /** The config sized for a small library of short songs, with its working folders under {@code dir}. */
    public static MusicrecConfig config(Path dir, Path db, int epochs) {
        MusicrecConfig base = new ConfigLoader().defaults();
        return new MusicrecConfig(
                new LibraryConfig(db.toString(), ""),
                new PathsConfig(dir.resolve("cache").toString(), dir.resolve("models").toString(),
                        dir.resolve("output").toString()),
                new AudioConfig(16000, 2, 3, 900),
                new ChunkCacheConfig("int16", 2, 1),
                base.cqt(),
                new org.musicrec.config.EncoderConfig("narrow", 256, 128, 16, 0.99, 0.07, 0.6, 0.4, epochs, 4, 0, 1e-3,
                        1e-4, List.of(0.9, 0.999), "cosine", 20, 2.0, "", "test-enc"),
                new AugmentConfig(1.5, 2.5, 2, 25, 35, 0.5, 0.1, 0.5, 0.3),
                base.classifier(), base.recommendations(), 0.8, 42);
    }
}

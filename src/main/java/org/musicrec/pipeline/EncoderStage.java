package org.musicrec.pipeline;

import org.musicrec.cache.ChunkCache;
import org.musicrec.config.MusicrecConfig;
import org.musicrec.dsp.Cqt;
import org.musicrec.dsp.CqtFactory;
import org.musicrec.library.GenreMapper;
import org.musicrec.model.EncoderSpec;
import org.musicrec.model.MocoModel;
import org.musicrec.progress.Progress;
import org.musicrec.train.Augmenter;
import org.musicrec.train.ChunkSource;
import org.musicrec.train.EncoderCheckpoint;
import org.musicrec.train.EncoderTrainer;
import org.musicrec.train.TrainerState;
import org.musicrec.train.TrainingSong;
import org.musicrec.train.ViewBatchMaker;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;

/** Trains the encoder on the cached songs (fresh, or resumed from a checkpoint). */
public final class EncoderStage {
    private EncoderStage() {
    }

    public static EncoderTrainer.Outcome run(MusicrecConfig cfg, CachedLibrary lib, Path resume, PrintStream out)
            throws IOException {
        Workspace ws = Workspace.of(cfg);
        GenreMapper mapper = new GenreMapper();
        List<TrainingSong> songs = lib.cachedSongs().stream().map(s -> TrainingSong.of(s, mapper)).toList();
        out.printf("Training the %s encoder (%s) on %d cached songs, %d with a genre category, for %d epochs%n",
                cfg.encoder().backbone(), cfg.encoder().encoderVersion(), songs.size(),
                songs.stream().filter(TrainingSong::hasGenre).count(), cfg.encoder().epochs());
        Cqt cqt = CqtFactory.create(cfg.cqt(), cfg.audio());
        Augmenter aug = new Augmenter(cfg.augment(), cfg.audio().sampleRate(), cfg.encoder().clipSeconds());
        EncoderTrainer.ViewBatchMakerFactory makers =
                pool -> new ViewBatchMaker(chunksOf(lib.cache()), pool, aug, cfg.augment(), cqt);
        MocoModel model;
        TrainerState state;
        if (resume != null) {
            EncoderCheckpoint.Loaded l = EncoderCheckpoint.load(resume, cfg.encoder());
            if (!l.state().encoderVersion().equals(cfg.encoder().encoderVersion())) {
                throw new IllegalArgumentException(resume + " holds encoder version '" + l.state().encoderVersion()
                        + "', but this run is '" + cfg.encoder().encoderVersion()
                        + "' (pass --encoder-version " + l.state().encoderVersion() + " to continue it)");
            }
            model = l.model();
            state = l.state();
            out.println("Resuming after epoch " + state.epochsDone() + " from " + resume);
        } else {
            model = MocoModel.create(EncoderSpec.fromConfig(cfg.encoder(), cfg.seed()), cfg.encoder());
            state = TrainerState.fresh(cfg.encoder().encoderVersion(), cfg.encoder().backbone());
        }
        try (Progress progress = Progress.forConsole("steps")) {
            EncoderTrainer trainer = new EncoderTrainer(cfg, makers, ws.encoderDir(), progress, out);
            return trainer.train(songs, model, state);
        }
    }

    /** Training reads one or two chunks of each song it touches: the cache decodes only those. */
    private static ChunkSource chunksOf(ChunkCache cache) {
        return new ChunkSource() {
            @Override
            public float[][] chunks(long rowid) throws IOException {
                return cache.load(rowid);
            }

            @Override
            public float[] chunk(long rowid, int index) throws IOException {
                return cache.loadChunk(rowid, index);
            }

            @Override
            public int chunkCount(long rowid) throws IOException {
                return cache.chunkCount(rowid);
            }
        };
    }
}

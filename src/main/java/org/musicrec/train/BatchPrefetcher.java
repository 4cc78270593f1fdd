package org.musicrec.train;

import java.util.ArrayDeque;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Assembles the batches of one pass on background threads, a few ahead of the trainer, so the
 * trainer does not wait on disk reads, augmentation and the CQT. Each batch draws its randomness
 * from its own generator seeded by (seed, epoch, batch index), so the batches are the same whatever
 * the number of threads or their timing — which keeps seeded runs and resumed runs identical.
 */
public final class BatchPrefetcher implements AutoCloseable {
    private final ViewBatchMaker maker;
    private final List<List<TrainingSong>> batches;
    private final long seed;
    private final ExecutorService pool;
    private final ArrayDeque<Future<ViewBatch>> inFlight = new ArrayDeque<>();
    private final int lookahead;
    private int submitted;

    public BatchPrefetcher(ViewBatchMaker maker, List<List<TrainingSong>> batches, long seed, int threads, int lookahead) {
        this.maker = maker;
        this.batches = List.copyOf(batches);
        this.seed = seed;
        this.lookahead = Math.max(1, lookahead);
        this.pool = Executors.newFixedThreadPool(Math.max(1, threads), r -> {
            Thread t = new Thread(r, "musicrec-batches");
            t.setDaemon(true);
            return t;
        });
        fill();
    }

    /** The seed of batch {@code index} of a pass identified by {@code passSeed}. */
    public static long batchSeed(long passSeed, int index) {
        return new SplittableRandom(passSeed * 0x9E3779B97F4A7C15L + index).nextLong();
    }

    public boolean hasNext() {
        return !inFlight.isEmpty();
    }

    public ViewBatch next() {
        Future<ViewBatch> f = inFlight.poll();
        if (f == null) {
            throw new IllegalStateException("no more batches");
        }
        try {
            ViewBatch b = f.get();
            fill();
            return b;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for a batch", e);
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof RuntimeException re) {
                throw re;
            }
            throw new IllegalStateException("batch assembly failed: " + c, c);
        }
    }

    private void fill() {
        while (inFlight.size() < lookahead && submitted < batches.size()) {
            int index = submitted++;
            List<TrainingSong> songs = batches.get(index);
            inFlight.add(pool.submit(() -> maker.make(songs, new SplittableRandom(batchSeed(seed, index)))));
        }
    }

    @Override
    public void close() {
        pool.shutdownNow();
    }
}

package org.musicrec.dsp;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Splits a batch over Java worker threads, each with its own {@link Cqt} (own kernels are cheap; own
 * work buffers are needed anyway). Meant for running ND4J single-threaded (OMP_NUM_THREADS=1, or
 * {@link #singleThreadedNd4j()}): on a shared, busy machine every multi-threaded ND4J op waits for its
 * second thread to be scheduled, which made the multirate CQT 5-7x slower here (BENCHMARKS.md); with
 * one ND4J thread per worker the cores are used without those barriers.
 */
public final class ParallelCqt implements Cqt, AutoCloseable {
    private final CqtParams p;
    private final Cqt[] workers;
    private final ExecutorService pool;

    public ParallelCqt(CqtParams p, int workers) {
        if (workers < 1) {
            throw new IllegalArgumentException("workers must be >= 1, got " + workers);
        }
        this.p = p;
        this.workers = new Cqt[workers];
        for (int i = 0; i < workers; i++) {
            this.workers[i] = Cqt.create(p);
        }
        this.pool = Executors.newFixedThreadPool(workers, r -> {
            Thread t = new Thread(r, "cqt-worker");
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Makes ND4J's own ops and BLAS single-threaded for the whole process (a global setting: it also
     * affects training in the same JVM).
     */
    public static void singleThreadedNd4j() {
        Nd4j.getEnvironment().setMaxThreads(1);
        Nd4j.getEnvironment().setMaxMasterThreads(1);
        Nd4j.factory().blas().setMaxThreads(1);
    }

    @Override
    public CqtParams params() {
        return p;
    }

    @Override
    public long gemmFlops(int batch, int samples) {
        return workers[0].gemmFlops(batch, samples);
    }

    @Override
    public INDArray transform(INDArray batch, INDArray result) {
        batch = Cqt.checkBatch(batch);
        long b = batch.size(0);
        int n = (int) batch.size(1);
        Cqt.checkOut(result, b, p, n);
        int k = (int) Math.min(workers.length, b);
        if (k == 1) {
            return workers[0].transform(batch, result);
        }
        List<Future<?>> jobs = new ArrayList<>(k);
        INDArray in = batch;
        for (int i = 0; i < k; i++) {
            long b0 = b * i / k;
            long b1 = b * (i + 1) / k;
            Cqt worker = workers[i];
            jobs.add(pool.submit(() -> {
                // Each worker writes its contiguous slab of the result directly.
                worker.transform(in.get(NDArrayIndex.interval(b0, b1), NDArrayIndex.all()),
                        result.get(NDArrayIndex.interval(b0, b1), NDArrayIndex.all(), NDArrayIndex.all()));
            }));
        }
        try {
            for (Future<?> f : jobs) {
                f.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("CQT interrupted", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("CQT worker failed", e.getCause());
        }
        return result;
    }

    @Override
    public void close() {
        pool.shutdownNow();
    }
}

package org.musicrec.train;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * One training batch of N songs.
 *
 * @param queryViews   [N, 1, nBins, T] log-CQT in [0, 1] of the query views
 * @param keyViews     [N, 1, nBins, T] of the positives (another chunk of the song, or of its album)
 * @param genreTargets [N, 7] multi-hot categories
 * @param genreMask    [N] 1 where the song has at least one category, else 0 (its BCE is ignored)
 */
public record ViewBatch(INDArray queryViews, INDArray keyViews, INDArray genreTargets, INDArray genreMask) {
    public long size() {
        return queryViews.size(0);
    }
}

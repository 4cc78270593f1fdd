/**
 * Quality metrics: is the learned embedding worth running? {@link org.musicrec.eval.EvaluateService}
 * (the {@code evaluate} stage) compares it, on the same songs, with two baselines — hand features
 * ({@link org.musicrec.eval.HandFeatures}: log-CQT mean and std per bin) and the tags-only
 * {@link org.musicrec.eval.MetadataBaseline} — on genre neighbourhoods
 * ({@link org.musicrec.eval.GenreNeighbourMetrics}), cross-validated rating prediction and, given a
 * {@link org.musicrec.eval.TruthFile}, the quality of the recommendations
 * ({@link org.musicrec.eval.RankMetrics}). {@link org.musicrec.eval.Evaluator} does the arithmetic on
 * vectors in memory; {@link org.musicrec.eval.EvaluationReport} is the JSON and the table.
 */
package org.musicrec.eval;

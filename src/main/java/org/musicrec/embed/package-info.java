/**
 * Song embeddings: extraction with a trained encoder ({@link org.musicrec.embed.EmbeddingExtractor}),
 * the versioned {@code embeddings.db} ({@link org.musicrec.embed.EmbeddingStore}) and the export for
 * other tools ({@link org.musicrec.embed.EmbeddingExport}: .npy + metadata for the TensorBoard
 * projector, and a 2-D PCA map of the library).
 */
package org.musicrec.embed;

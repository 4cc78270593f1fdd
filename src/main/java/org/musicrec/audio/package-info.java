/**
 * Audio decoding: any file FFmpeg reads → mono float samples at the configured rate, cut into
 * evenly spaced fixed-length chunks.
 *
 * <ul>
 *   <li>{@link org.musicrec.audio.ChunkPlan} — pure: where the N chunks of L samples start.</li>
 *   <li>{@link org.musicrec.audio.FfmpegDecoder} — FFmpeg in-process (JavaCPP presets): container
 *       duration, seek to each chunk, decode, swresample down-mix; whole-file decode only when the
 *       container does not state its duration truthfully.</li>
 *   <li>{@link org.musicrec.audio.AudioException} — a failed or skipped file with a short, groupable reason.</li>
 * </ul>
 */
package org.musicrec.audio;

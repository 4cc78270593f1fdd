/**
 * The built-in demo library: a deterministic, pure-Java synthesiser renders ~100 short songs in the
 * seven genre categories, FFmpeg (JavaCPP presets, in-process) encodes them to mp3/ogg/flac/m4a/opus
 * with tags, and a Clementine-schema {@code clementine.db} catalogues them with ratings drawn from a
 * hidden, documented taste rule ({@link org.musicrec.demo.TasteRule}) whose exact values go to
 * {@code truth.csv} for evaluation.
 *
 * <p>Entry point: {@link org.musicrec.demo.DemoLibrary#create}. One class per job:
 * {@link org.musicrec.demo.LibraryPlanner} (what to make), {@link org.musicrec.demo.CategoryStyle}
 * (how each category sounds), {@link org.musicrec.demo.Instruments} (note-level DSP),
 * {@link org.musicrec.demo.Synthesizer} (plan → PCM), {@link org.musicrec.demo.AudioEncoder}
 * (PCM → tagged file), {@link org.musicrec.demo.ClementineDbWriter} (the DB).
 */
package org.musicrec.demo;

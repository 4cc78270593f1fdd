package org.musicrec.recommend;

import org.musicrec.library.Song;

/**
 * What the rating model sees of one song.
 *
 * @param song        the song (its tags feed the prior, its rowid keeps a rated song out of its own neighbours)
 * @param audio       its audio vector: the learned embedding (or, in evaluation, another representation)
 * @param descriptors its descriptor inputs ({@link DescriptorFeatures#of}), or null when the model uses none
 */
public record SongInputs(Song song, float[] audio, float[] descriptors) {
}

package org.musicrec.train;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/** A seeded shuffle-and-cut of items into training and validation parts (same seed, same split). */
public record TrainValSplit<T>(List<T> train, List<T> validation) {
    public static <T> TrainValSplit<T> of(List<T> items, double trainShare, long seed) {
        List<T> shuffled = new ArrayList<>(items);
        Collections.shuffle(shuffled, new Random(seed));
        int nTrain = (int) Math.round(items.size() * trainShare);
        // Both parts need at least one item whenever there are two.
        nTrain = Math.max(Math.min(nTrain, items.size() - 1), Math.min(1, items.size()));
        return new TrainValSplit<>(List.copyOf(shuffled.subList(0, nTrain)),
                List.copyOf(shuffled.subList(nTrain, shuffled.size())));
    }
}

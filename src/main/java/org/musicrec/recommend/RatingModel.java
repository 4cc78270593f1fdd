package org.musicrec.recommend;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.musicrec.io.ModelZipGuard;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * The audio part of a trained rating model: an ensemble of {@link org.musicrec.model.RatingMlp}s
 * over standardised features, each predicting how many stars a song gets beyond its prior. The
 * ensemble mean is that correction; the members' spread is the uncertainty the help playlist ranks
 * by (members see different bootstrap samples, so they disagree where data is thin).
 * Saved as a folder: {@code model.json} plus one DL4J zip per member, swapped in atomically.
 */
public final class RatingModel {
    /** What the model was trained on and how well it did; stored beside the weights. */
    public record Info(String classifierVersion, String encoderVersion, int featureDim, int embeddingDim,
                       boolean useGenre, int ratingScale, int trainSongs, int validationSongs,
                       double validationMaeStars, double validationSpearman, long trainedAt, double trainSeconds) {
    }

    /** A correction to the prior in stars and its ensemble standard deviation in stars. */
    public record Prediction(double stars, double spreadStars) {
    }

    private final List<MultiLayerNetwork> members;
    private final FeatureScaler scaler;
    private final Info info;

    public RatingModel(List<MultiLayerNetwork> members, FeatureScaler scaler, Info info) {
        this.members = List.copyOf(members);
        this.scaler = scaler;
        this.info = info;
    }

    public Info info() {
        return info;
    }

    public Prediction[] predict(float[][] features) {
        Prediction[] out = new Prediction[features.length];
        if (features.length == 0) {
            return out;
        }
        INDArray x = Nd4j.create(scaler.apply(features));
        double[][] byMember = new double[members.size()][];
        for (int m = 0; m < members.size(); m++) {
            byMember[m] = members.get(m).output(x, false).toDoubleVector();
        }
        for (int i = 0; i < features.length; i++) {
            double mean = 0;
            for (double[] p : byMember) {
                mean += p[i];
            }
            mean /= members.size();
            double var = 0;
            for (double[] p : byMember) {
                var += (p[i] - mean) * (p[i] - mean);
            }
            double sd = members.size() > 1 ? Math.sqrt(var / (members.size() - 1)) : 0;
            out[i] = new Prediction(mean * info.ratingScale(), sd * info.ratingScale());
        }
        return out;
    }

    private static ObjectMapper json() {
        return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    }

    /** Writes the members, scaler and info into {@code dir} (the caller makes the folder atomic). */
    void writeInto(Path dir) throws IOException {
        for (int m = 0; m < members.size(); m++) {
            ModelSerializer.writeModel(members.get(m), dir.resolve("member-" + m + ".zip").toFile(), false);
        }
        json().writeValue(dir.resolve("scaler.json").toFile(), scaler);
        json().writeValue(dir.resolve("model.json").toFile(), info);
    }

    /** Reads what {@link #writeInto} wrote. */
    static RatingModel readFrom(Path dir) throws IOException {
        Info info = json().readValue(dir.resolve("model.json").toFile(), Info.class);
        FeatureScaler scaler = json().readValue(dir.resolve("scaler.json").toFile(), FeatureScaler.class);
        List<MultiLayerNetwork> members = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path p : files.filter(f -> f.getFileName().toString().matches("member-\\d+\\.zip"))
                    .sorted(Comparator.comparing(Path::toString)).toList()) {
                ModelZipGuard.standard().check(p, "rating model member");
                members.add(ModelSerializer.restoreMultiLayerNetwork(p.toFile(), false));
            }
        }
        if (members.isEmpty()) {
            throw new IOException(dir + ": rating model has no member networks");
        }
        return new RatingModel(members, scaler, info);
    }
}

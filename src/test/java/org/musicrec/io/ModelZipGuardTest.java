package org.musicrec.io;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.musicrec.model.PretrainedBackbone;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.lossfunctions.LossFunctions;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ModelZipGuardTest {
    static final String GADGET_RAN = "musicrec.test.gadgetRan";

    @TempDir
    Path tmp;

    /** Stands for a deserialization gadget: its readObject runs code. */
    static final class Gadget implements Serializable {
        private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
            in.defaultReadObject();
            System.setProperty(GADGET_RAN, "yes");
        }
    }

    private Path realModel() throws IOException {
        MultiLayerNetwork net = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().seed(1).list()
                .layer(new DenseLayer.Builder().nIn(4).nOut(3).activation(Activation.RELU).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MSE).nIn(3).nOut(1).activation(Activation.IDENTITY).build())
                .build());
        net.init();
        Path zip = tmp.resolve("model.zip");
        ModelSerializer.writeModel(net, zip.toFile(), true);
        return zip;
    }

    /** The real model's entries, with some replaced or added. */
    private Path tampered(Path model, String name, Map<String, byte[]> changes) throws IOException {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        try (ZipFile z = new ZipFile(model.toFile())) {
            for (ZipEntry e : java.util.Collections.list(z.entries())) {
                entries.put(e.getName(), z.getInputStream(e).readAllBytes());
            }
        }
        entries.putAll(changes);
        Path out = tmp.resolve(name);
        try (ZipOutputStream zo = new ZipOutputStream(Files.newOutputStream(out))) {
            for (Map.Entry<String, byte[]> e : entries.entrySet()) {
                zo.putNextEntry(new ZipEntry(e.getKey()));
                zo.write(e.getValue());
                zo.closeEntry();
            }
        }
        return out;
    }

    private static byte[] serialized(Object o) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(b)) {
            out.writeObject(o);
        }
        return b.toByteArray();
    }

    private static String refusal(Path zip, ModelZipGuard guard) {
        return assertThrows(ModelZipGuard.UnsafeModelFileException.class, () -> guard.check(zip, "test model")).getMessage();
    }

    @Test
    void aModelDl4jWroteIsAccepted() throws Exception {
        Path model = realModel();
        assertDoesNotThrow(() -> ModelZipGuard.standard().check(model, "test model"));
        List<String> plain = new ArrayList<>(List.of("a", "b"));
        assertDoesNotThrow(() -> ModelZipGuard.standard().check(
                tampered(model, "plain.zip", Map.of("preprocessor.bin", serialized(plain))), "test model"),
                "plain JDK values in a serialized entry are fine");
    }

    @Test
    void aSerializedGadgetIsRefusedBeforeItsCodeRuns() throws Exception {
        System.clearProperty(GADGET_RAN);
        Path zip = tampered(realModel(), "gadget.zip", Map.of("preprocessor.bin", serialized(new Gadget())));
        String why = refusal(zip, ModelZipGuard.standard());
        assertTrue(why.startsWith(zip + ": test model refused: preprocessor.bin holds a class that is not admitted"), why);
        assertNull(System.getProperty(GADGET_RAN), "the gadget's readObject never ran");
    }

    @Test
    void aZipBombIsRefusedWhileUnpackingNotAfter() throws Exception {
        Path bomb = tampered(realModel(), "bomb.zip", Map.of("coefficients.bin", new byte[8 << 20]));
        assertTrue(Files.size(bomb) < 100_000, "8 MiB of zeros pack small");
        String why = refusal(bomb, new ModelZipGuard(1 << 20));
        assertTrue(why.contains("entry coefficients.bin unpacks to more than 1 MiB"), why);
    }

    @Test
    void unexpectedEntriesForeignClassesAndNonZipsAreRefusedNamingTheFile() throws Exception {
        Path model = realModel();
        assertTrue(refusal(tampered(model, "extra.zip", Map.of("run.sh", "rm -rf ~".getBytes(StandardCharsets.UTF_8))),
                ModelZipGuard.standard()).contains("unexpected entry 'run.sh'"));

        String config;
        try (ZipFile z = new ZipFile(model.toFile())) {
            config = new String(z.getInputStream(z.getEntry("configuration.json")).readAllBytes(), StandardCharsets.UTF_8);
        }
        String foreign = config.replaceFirst("\"@class\"\\s*:\\s*\"org\\.nd4j\\.linalg\\.activations\\.impl\\.ActivationReLU\"",
                "\"@class\" : \"javax.script.ScriptEngineManager\"");
        assertTrue(!foreign.equals(config), "the test replaced a class name");
        assertTrue(refusal(tampered(model, "foreign.zip", Map.of("configuration.json", foreign.getBytes(StandardCharsets.UTF_8))),
                ModelZipGuard.standard()).contains("names class javax.script.ScriptEngineManager"));

        Path text = Files.writeString(tmp.resolve("notes.zip"), "not a zip at all");
        assertTrue(refusal(text, ModelZipGuard.standard()).startsWith(text + ": test model refused: not a readable zip"));
    }

    @Test
    void thePretrainedBackboneSettingGoesThroughTheGuard() throws Exception {
        Path zip = tampered(realModel(), "backbone.zip", Map.of("preprocessor.bin", serialized(new Gadget())));
        var e = assertThrows(ModelZipGuard.UnsafeModelFileException.class, () -> PretrainedBackbone.load(zip, null));
        assertTrue(e.getMessage().contains("encoder.pretrained_backbone"), e.getMessage());
    }
}

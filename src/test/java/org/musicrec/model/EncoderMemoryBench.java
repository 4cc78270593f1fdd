package org.musicrec.model;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.graph.ExternalErrorsBackprop;
import org.deeplearning4j.util.ModelSerializer;
import org.musicrec.config.ConfigLoader;
import org.musicrec.config.EncoderConfig;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Manual probe (not a test) of what the encoder stage adds to resident memory around its training steps:
 * {@code java -cp … org.musicrec.model.EncoderMemoryBench MODE [BACKBONE] [BATCH]}, MODE =
 * {@code steps} (RSS after each of 8 MoCo steps), {@code val-training-ws} / {@code val-inference} (a
 * validation forward through DL4J's training workspaces / its inference path), {@code checkpoint} (three
 * checkpoint writes, then a GC). Prints VmRSS in MB after each action; run with
 * {@code MALLOC_MMAP_THRESHOLD_=4194304} as the product does.
 */
public final class EncoderMemoryBench {
    private EncoderMemoryBench() {
    }

    public static void main(String[] a) throws Exception {
        String mode = a[0];
        Backbone backbone = Backbone.named(a.length > 1 ? a[1] : "resnet50");
        int n = a.length > 2 ? Integer.parseInt(a[2]) : 16;
        OneDnnHelpers.enable();
        EngineThreads.configure();
        EncoderConfig c = new ConfigLoader().defaults().encoder();
        MocoModel m = MocoModel.create(EncoderSpec.fromConfig(c, 1).with(backbone, 1, DataType.FLOAT), c);
        INDArray x = Nd4j.rand(DataType.FLOAT, n, 1, EncoderSpec.CQT_BINS, 313);
        INDArray k = Nd4j.rand(DataType.FLOAT, n, 1, EncoderSpec.CQT_BINS, 313);
        INDArray t = Nd4j.zeros(DataType.FLOAT, n, 7);
        INDArray mask = Nd4j.ones(DataType.FLOAT, n);
        for (int i = 0; i < 3; i++) {
            m.step(x, k, t, mask, n);
        }
        report("after 3 warm-up steps");
        ComputationGraph q = m.queryEncoder();
        switch (mode) {
            case "steps" -> {
                for (int i = 0; i < 8; i++) {
                    m.step(x, k, t, mask, n);
                    report("step " + i);
                }
            }
            case "val-training-ws", "val-inference" -> {
                for (int i = 0; i < 2; i++) {
                    if (mode.equals("val-training-ws")) {
                        ExternalErrorsBackprop.forwardInTrainingWorkspaces(q, new INDArray[] {x}, false);
                    } else {
                        q.output(false, x);
                    }
                    report(mode + " forward " + i);
                }
            }
            case "checkpoint" -> {
                Path dir = Files.createTempDirectory("musicrec-ckpt");
                for (int i = 0; i < 3; i++) {
                    ModelSerializer.writeModel(q, new File(dir.toFile(), "q.zip"), true);
                    ModelSerializer.writeModel(m.keyEncoder(), new File(dir.toFile(), "k.zip"), false);
                    report("checkpoint " + i);
                }
                System.gc();
                Thread.sleep(500);   // JavaCPP's deallocator thread frees the collected buffers
                report("after System.gc()");
                for (File f : dir.toFile().listFiles()) {
                    Files.delete(f.toPath());
                }
                Files.delete(dir);
            }
            default -> throw new IllegalArgumentException("mode: steps | val-training-ws | val-inference | checkpoint");
        }
    }

    private static void report(String what) throws Exception {
        long rss = -1;
        for (String l : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (l.startsWith("VmRSS")) {
                rss = Long.parseLong(l.replaceAll("\\D", "")) / 1024;
            }
        }
        System.out.printf("MEM %-28s rss_mb=%d javacpp_mb=%d%n", what, rss, org.bytedeco.javacpp.Pointer.totalBytes() / 1048576);
    }
}

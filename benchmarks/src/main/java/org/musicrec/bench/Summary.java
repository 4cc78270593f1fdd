package org.musicrec.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.musicrec.dsp.Cqt;
import org.musicrec.dsp.CqtParams;

/**
 * Turns a JMH JSON result (-rf json) of CqtBenchmark / SgemmBenchmark into clips/s and GFLOP/s,
 * using the median of the measurement iterations. Usage: Summary result.json [more.json ...]
 */
public final class Summary {
    public static void main(String[] args) throws Exception {
        List<JsonNode> root = new ArrayList<>();
        for (String a : args) {
            new ObjectMapper().readTree(new File(a)).forEach(root::add);
        }
        Map<String, Double> sgemm = new HashMap<>();
        List<String> lines = new ArrayList<>();
        for (JsonNode r : root) {
            String name = r.get("benchmark").asText();
            JsonNode prm = r.get("params");
            int batch = prm.get("batch").asInt();
            int seconds = prm.get("seconds").asInt();
            double medianMs = median(r.get("primaryMetric").get("rawData"));
            int samples = seconds * 16000;
            if (name.endsWith("SgemmBenchmark.gemm")) {
                int threads = prm.has("threads") ? prm.get("threads").asInt() : 2;
                int frames = 1 + samples / 512;
                long m = (long) batch * (frames + 16) - 16;
                double gflops = 2.0 * m * 512 * 168 * 17 / (medianMs / 1e3) / 1e9;
                if (threads == 2) {
                    sgemm.put(batch + "/" + seconds, gflops);
                }
                lines.add(String.format(Locale.ROOT, "| sgemm (roofline) | %d thread%s | %d | %d s | %.1f ms | – | %.1f |",
                        threads, threads == 1 ? "" : "s", batch, seconds, medianMs, gflops));
            }
        }
        for (JsonNode r : root) {
            String name = r.get("benchmark").asText();
            if (!name.endsWith("CqtBenchmark.transform")) {
                continue;
            }
            JsonNode prm = r.get("params");
            String algo = prm.get("algorithm").asText();
            String threading = prm.has("threading") ? prm.get("threading").asText() : "nd4j";
            int batch = prm.get("batch").asInt();
            int seconds = prm.get("seconds").asInt();
            double medianMs = median(r.get("primaryMetric").get("rawData"));
            Cqt cqt = Cqt.create(CqtParams.DEFAULTS.withAlgorithm(CqtParams.Algorithm.parse(algo)));
            double gflops = cqt.gemmFlops(batch, seconds * 16000) / (medianMs / 1e3) / 1e9;
            Double roof = sgemm.get(batch + "/" + seconds);
            String vs = algo.equals("direct") && roof != null ? String.format(Locale.ROOT, " (%.0f %% of sgemm)", 100 * gflops / roof) : "";
            lines.add(String.format(Locale.ROOT, "| %s | %s | %d | %d s | %.1f ms | %.1f | %.1f%s |",
                    algo, threading, batch, seconds, medianMs, batch * 1000.0 / medianMs, gflops, vs));
        }
        System.out.println("| formulation | threading | B | clip | median time per batch | clips/s | GEMM GFLOP/s |");
        System.out.println("|---|---|---|---|---|---|---|");
        lines.forEach(System.out::println);
    }

    private static double median(JsonNode rawData) {
        List<Double> v = new ArrayList<>();
        for (JsonNode fork : rawData) {
            for (JsonNode x : fork) {
                v.add(x.asDouble());
            }
        }
        double[] a = v.stream().mapToDouble(Double::doubleValue).toArray();
        Arrays.sort(a);
        return a.length % 2 == 1 ? a[a.length / 2] : (a[a.length / 2 - 1] + a[a.length / 2]) / 2;
    }
}

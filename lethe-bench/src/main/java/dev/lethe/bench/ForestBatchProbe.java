package dev.lethe.bench;

import dev.lethe.data.Dataset;
import dev.lethe.data.DatasetReader;
import dev.lethe.data.ReadOptions;
import dev.lethe.model.ForgetRequest;
import dev.lethe.model.ModelFamilies;
import dev.lethe.models.trees.ForestLearner;
import dev.lethe.models.trees.ForestModel;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The forest's share of the workflow benchmark (issue 11 §9), alone: a default 100-tree forest on
 * Fertility forgets {@code batches} batches of {@code size} records (contiguous rows, as the workflow's
 * subjects own them) and encodes a model file after each, records by reference, as the registry stores
 * a version. Prints the process CPU and wall time of each forget and each encode, their medians
 * (without the first repeat, which warms the JIT, when there are several), and a SHA-256 of the state
 * after the last batch, past the provenance (equal across versions of the code: the same forest).
 *
 * <pre>
 *   java -cp lethe-cli/target/lethe.jar dev.lethe.bench.ForestBatchProbe data/AER_Fertility.csv.gz [batches=6] [size=25000] [repeats=1]
 * </pre>
 */
public final class ForestBatchProbe {

    private ForestBatchProbe() {
    }

    public static void main(String[] args) throws IOException, NoSuchAlgorithmException {
        Dataset data = DatasetReader.read(Path.of(args[0]), ReadOptions.label("morekids")).dataset();
        int batches = args.length > 1 ? Integer.parseInt(args[1]) : 6;
        int size = args.length > 2 ? Integer.parseInt(args[2]) : 25_000;
        int repeats = args.length > 3 ? Integer.parseInt(args[3]) : 1;
        ForestLearner learner = (ForestLearner) ModelFamilies.byName("forest").learner(Map.of(), 42);
        List<Double> forgetCpu = new ArrayList<>();
        List<Double> encodeCpu = new ArrayList<>();
        for (int rep = 0; rep < repeats; rep++) {
            ForestModel model = learner.fit(data);
            for (int b = 0; b < batches; b++) {
                java.util.Set<Long> ids = new java.util.LinkedHashSet<>(2 * size);
                for (int i = b * size; i < Math.min(data.size(), (b + 1) * size); i++) {
                    ids.add(data.recordId(i));
                }
                long c0 = cpu();
                long w0 = System.nanoTime();
                model.forget(new ForgetRequest.Records(ids));
                long c1 = cpu();
                long w1 = System.nanoTime();
                byte[] file = dev.lethe.model.ModelFile.toBytesReferencingRecords(model); // as the registry stores a version
                long c2 = cpu();
                long w2 = System.nanoTime();
                if (rep > 0 || repeats == 1) { // the first of several repeats warms the JIT
                    forgetCpu.add((c1 - c0) / 1e6);
                    encodeCpu.add((c2 - c1) / 1e6);
                }
                System.out.printf(Locale.ROOT, "rep %d batch %d: forget %.0f ms CPU (%.0f ms wall), encode %.0f ms CPU (%.0f ms wall, %d bytes), pending %d%n",
                        rep, b, (c1 - c0) / 1e6, (w1 - w0) / 1e6, (c2 - c1) / 1e6, (w2 - w1) / 1e6, file.length, model.pendingRetrains());
                if (b == batches - 1) {
                    byte[] state = encode(model);
                    int header = encodedProvenance(model);
                    MessageDigest sha = MessageDigest.getInstance("SHA-256");
                    sha.update(state, header, state.length - header);
                    System.out.println("state sha256 (after the provenance, which holds the time) " + HexFormat.of().formatHex(sha.digest())
                            + " digest " + model.stateDigest());
                }
            }
        }
        System.out.printf(Locale.ROOT, "median forget %.0f ms CPU per batch, encode %.0f ms CPU (%d batches of %d records)%n",
                median(forgetCpu), median(encodeCpu), forgetCpu.size(), size);
    }

    private static byte[] encode(ForestModel model) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            model.writeState(out);
        }
        return bytes.toByteArray();
    }

    private static int encodedProvenance(ForestModel model) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            dev.lethe.model.StateCodec.writeProvenance(out, model.provenance());
        }
        return bytes.size();
    }

    private static long cpu() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    private static double median(List<Double> v) {
        double[] s = v.stream().mapToDouble(Double::doubleValue).toArray();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }
}

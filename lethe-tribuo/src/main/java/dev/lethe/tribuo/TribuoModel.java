package dev.lethe.tribuo;

import dev.lethe.math.Vectors;
import dev.lethe.model.AbstractUnlearnableModel;
import dev.lethe.model.ForgetException;
import dev.lethe.model.ForgetPlan;
import dev.lethe.model.ModelFileException;
import dev.lethe.model.Provenance;
import dev.lethe.model.StateDigest;
import dev.lethe.model.TrainingRecords;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.tribuo.Model;
import org.tribuo.Prediction;
import org.tribuo.classification.Label;

/**
 * A trained Tribuo classification model. Refuses forget requests (Tribuo models have no exact
 * decremental update): train it under SISA, {@code --model sisa --set base=tribuo}, to forget
 * exactly. Saved as Tribuo's protobuf bytes inside the Lethe model file.
 */
public final class TribuoModel extends AbstractUnlearnableModel {

    private final Model<Label> model;
    private final byte[] bytes;
    private final Scaling scaling;

    TribuoModel(Provenance provenance, TrainingRecords records, Model<Label> model, Scaling scaling) {
        this(provenance, records, model, scaling, encode(model));
    }

    /** @param bytes the model's protobuf encoding as stored (re-encoding is not byte-stable, so a loaded model keeps it) */
    private TribuoModel(Provenance provenance, TrainingRecords records, Model<Label> model, Scaling scaling, byte[] bytes) {
        super(provenance, records);
        this.model = model;
        this.scaling = scaling;
        this.bytes = bytes;
    }

    private static byte[] encode(Model<Label> model) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            model.serializeToStream(out);
        } catch (IOException e) {
            throw new IllegalStateException("cannot encode the Tribuo model: " + e.getMessage(), e);
        }
        return out.toByteArray();
    }

    /** The wrapped Tribuo model. */
    public Model<Label> tribuoModel() {
        return model;
    }

    @Override
    public String family() {
        return TribuoFamily.NAME;
    }

    @Override
    public double predict(double[] row) {
        return Vectors.argmax(probabilities(row));
    }

    @Override
    public double[] probabilities(double[] row) {
        Prediction<Label> p = model.predict(TribuoData.example(schema(), row, null, scaling));
        List<String> classes = schema().classes();
        double[] out = new double[classes.size()];
        Map<String, Label> scores = p.getOutputScores();
        if (scores.isEmpty() || !p.hasProbabilities()) {
            int k = classes.indexOf(p.getOutput().getLabel());
            out[k] = 1;
            return out;
        }
        double total = 0;
        for (int k = 0; k < out.length; k++) {
            Label l = scores.get(classes.get(k));
            out[k] = l == null ? 0 : Math.max(0, l.getScore());
            total += out[k];
        }
        if (total > 0) {
            for (int k = 0; k < out.length; k++) {
                out[k] /= total;
            }
        }
        return out;
    }

    @Override
    protected void check(ForgetPlan plan) {
        throw new ForgetException("a tribuo model cannot forget by itself (Tribuo trainers have no exact decremental update): "
                + "use sisa (--model sisa --set base=tribuo) to forget exactly by retraining one shard, "
                + "or retrain from scratch without the data");
    }

    @Override
    protected Applied apply(ForgetPlan plan) {
        throw new IllegalStateException("unreachable: check refuses every request");
    }

    @Override
    protected void digestParameters(StateDigest digest) {
        digest.add(bytes.length);
        scaling.digest(digest);
        digest.add(dev.lethe.model.Digests.hex(dev.lethe.model.Digests.sha256().digest(bytes)));
    }

    @Override
    protected void writeParameters(DataOutputStream out) throws IOException {
        scaling.write(out);
        out.writeInt(bytes.length);
        out.write(bytes);
    }

    @SuppressWarnings("unchecked")
    static TribuoModel read(DataInputStream in) throws IOException {
        Common common = Common.read(in);
        Scaling scaling = Scaling.read(in, common.records().schema().numFeatures());
        int n = in.readInt();
        if (n < 0 || n > in.available()) {
            throw new ModelFileException("corrupted tribuo state: a model of " + n + " bytes, " + in.available() + " left");
        }
        byte[] b = new byte[n];
        in.readFully(b);
        Model<?> model = Model.deserializeFromStream(new ByteArrayInputStream(b));
        if (!model.validate(Label.class)) {
            throw new ModelFileException("the stored Tribuo model is not a classification model");
        }
        return new TribuoModel(common.provenance(), common.records(), (Model<Label>) model, scaling, b);
    }
}

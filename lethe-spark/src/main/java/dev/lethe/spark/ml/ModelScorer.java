package dev.lethe.spark.ml;

import dev.lethe.model.ModelFile;
import dev.lethe.model.UnlearnableModel;
import dev.lethe.spark.frame.FrameColumns;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.api.java.UDF1;

/**
 * Scores rows on executors: the model travels as its model file bytes in a broadcast and is
 * decoded once per executor JVM and model version (never Java-serialised); {@link #probability}
 * and {@link #prediction} are the UDF bodies {@link LetheModel#transform} uses.
 */
final class ModelScorer implements java.io.Serializable {

    private static final long serialVersionUID = 1L;

    private final Broadcast<byte[]> bytes;
    private final FrameColumns columns;
    private transient UnlearnableModel model;

    ModelScorer(Broadcast<byte[]> bytes, FrameColumns columns) {
        this.bytes = bytes;
        this.columns = columns;
    }

    private synchronized UnlearnableModel model() {
        if (model == null) {
            model = ModelFile.fromBytes(bytes.value());
        }
        return model;
    }

    UDF1<Row, Vector> probability() {
        return row -> Vectors.dense(model().probabilities(columns.encode(row)));
    }

    UDF1<Row, Double> prediction() {
        return row -> model().predict(columns.encode(row));
    }

}

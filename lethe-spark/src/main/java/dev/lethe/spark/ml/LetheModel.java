package dev.lethe.spark.ml;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.udf;

import dev.lethe.model.ForgetReceipt;
import dev.lethe.model.ForgetRequest;
import dev.lethe.model.ModelFile;
import dev.lethe.model.UnavailableException;
import dev.lethe.model.UnlearnableModel;
import dev.lethe.models.sisa.ShardFileSystem;
import dev.lethe.models.sisa.SisaModel;
import dev.lethe.spark.frame.FrameColumns;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.HashSet;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.ml.Model;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.DefaultParamsWriter;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.ml.util.MLWritable;
import org.apache.spark.ml.util.MLWriter;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * A trained Lethe model as a Spark ML {@link org.apache.spark.ml.Transformer}: {@link #transform}
 * adds a {@value #PREDICTION} column (the class index or the predicted value) and, for classifiers,
 * a {@value #PROBABILITY} vector column. {@link #forget} makes the model forget and returns the
 * family's receipt. Saved as Spark ML metadata plus the Lethe model file ({@code data/model.lethe}),
 * so a saved Pipeline holding it loads back with {@code PipelineModel.load}.
 */
public final class LetheModel extends Model<LetheModel> implements LetheParams, MLWritable {

    private static final long serialVersionUID = 1L;
    public static final String PREDICTION = "prediction";
    public static final String PROBABILITY = "probability";
    private static final String MODEL_FILE = "data/model.lethe";

    private final String uid;
    private final LetheParams.Set params;
    private final transient UnlearnableModel model;

    LetheModel(String uid, UnlearnableModel model) {
        this.uid = uid;
        this.params = new LetheParams.Set(this);
        params.defaults(this);
        this.model = model;
    }

    @Override
    public LetheParams.Set letheParams() {
        return params;
    }

    /** The Lethe model inside. */
    public UnlearnableModel lethe() {
        return model;
    }

    /**
     * Forgets what {@code request} names; atomic, as every Lethe forget. A sisa model kept as shard files
     * ({@code shardsAt}) writes the files of the shards it retrained and deletes the files they replace
     * (they hold the forgotten rows), so a copy saved before the forget no longer loads: save it again.
     */
    public ForgetReceipt forget(ForgetRequest request) {
        synchronized (model) {
            if (!(model instanceof SisaModel sisa) || sisa.shardFiles().isEmpty()) {
                return model.forget(request);
            }
            java.util.Set<String> before = new HashSet<>();
            sisa.shardFiles().forEach(f -> before.add(f.path()));
            ForgetReceipt receipt = model.forget(request);
            ModelFile.toBytes(model); // writes the retrained shards' files
            sisa.shardFiles().forEach(f -> before.remove(f.path()));
            before.forEach(ShardFileSystem.get()::delete);
            return receipt;
        }
    }

    @Override
    public Dataset<Row> transform(Dataset<?> frame) {
        byte[] bytes;
        synchronized (model) { // a sisa model's shard files may not be readable where executors run: ship it whole
            bytes = ModelFile.toBytes(model instanceof SisaModel sisa ? sisa.withShardsInline() : model);
        }
        SparkSession spark = frame.sparkSession();
        ModelScorer scorer = new ModelScorer(JavaSparkContext.fromSparkContext(spark.sparkContext()).broadcast(bytes),
                new FrameColumns(model.schema()));
        Column features = struct(new FrameColumns(model.schema()).names().stream().map(c -> col(c)).toArray(Column[]::new));
        Dataset<Row> out = frame.toDF().withColumn(PREDICTION, udf(scorer.prediction(), DataTypes.DoubleType).apply(features));
        if (model.schema().isClassification()) {
            out = out.withColumn(PROBABILITY, udf(scorer.probability(), SQLDataTypes.VectorType()).apply(features));
        }
        return out;
    }

    @Override
    public StructType transformSchema(StructType schema) {
        return outputSchema(schema);
    }

    static StructType outputSchema(StructType schema) {
        return schema.add(PREDICTION, DataTypes.DoubleType, false).add(PROBABILITY, SQLDataTypes.VectorType(), true);
    }

    @Override
    public LetheModel copy(ParamMap extra) {
        return copyValues(new LetheModel(uid, model), extra).setParent(parent());
    }

    @Override
    public String uid() {
        return uid;
    }

    @Override
    public MLWriter write() {
        return new MLWriter() {
            @Override
            public void saveImpl(String path) {
                DefaultParamsWriter.saveMetadata(LetheModel.this, path, sparkSession());
                byte[] bytes;
                synchronized (model) {
                    bytes = ModelFile.toBytes(model);
                }
                Path file = new Path(path, MODEL_FILE);
                try {
                    FileSystem fs = file.getFileSystem(sparkSession().sparkContext().hadoopConfiguration());
                    try (OutputStream out = fs.create(file, true)) {
                        out.write(bytes);
                    }
                } catch (IOException e) {
                    throw new UnavailableException("cannot write " + file + ": " + e.getMessage(), e);
                }
            }
        };
    }

    @Override
    public void save(String path) throws IOException {
        write().save(path);
    }

    public static MLReader<LetheModel> read() {
        return new MLReader<>() {
            @Override
            public LetheModel load(String path) {
                DefaultParamsReader.Metadata metadata = DefaultParamsReader.loadMetadata(path, sparkSession(), LetheModel.class.getName());
                Path file = new Path(path, MODEL_FILE);
                byte[] bytes;
                try {
                    FileSystem fs = file.getFileSystem(sparkSession().sparkContext().hadoopConfiguration());
                    try (InputStream in = fs.open(file)) {
                        bytes = in.readAllBytes();
                    }
                } catch (IOException e) {
                    throw new UnavailableException("cannot read " + file + ": " + e.getMessage(), e);
                }
                LetheModel m = new LetheModel(metadata.uid(), ModelFile.fromBytes(bytes));
                metadata.getAndSetParams(m, scala.Option.empty());
                return m;
            }
        };
    }

    public static LetheModel load(String path) {
        return read().load(path);
    }
}

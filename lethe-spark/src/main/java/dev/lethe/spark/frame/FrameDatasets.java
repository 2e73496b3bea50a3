package dev.lethe.spark.frame;

import static org.apache.spark.sql.functions.col;

import dev.lethe.data.Attribute;
import dev.lethe.data.Dataset;
import dev.lethe.data.Schema;
import dev.lethe.data.Task;
import dev.lethe.model.InvalidInputException;
import dev.lethe.model.LetheException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StructType;

/**
 * Collects a Spark DataFrame into a Lethe {@link Dataset} on the driver: numeric columns become
 * numeric features, string and boolean columns categorical ones (levels in sorted order), a string
 * or boolean label makes a classification task (a numeric one regression), and the record ID and
 * subject columns give every row its identity. Rows are taken in record-ID order, so the same
 * table always yields the same dataset and the same model.
 */
public final class FrameDatasets {

    private FrameDatasets() {
    }

    /** @param features the feature columns; empty means every column except label, ID and subject */
    public static Dataset toDataset(org.apache.spark.sql.Dataset<Row> df, List<String> features, String label, String idColumn,
                                    String subjectColumn) {
        return toDataset(df, features, label, idColumn, subjectColumn, FrameRows.BLOCK_ROWS);
    }

    static Dataset toDataset(org.apache.spark.sql.Dataset<Row> df, List<String> features, String label, String idColumn,
                             String subjectColumn, int blockRows) {
        StructType schema = df.schema();
        List<String> columns = Arrays.asList(df.columns());
        for (String c : new String[] {label, idColumn}) {
            require(columns, c);
        }
        if (subjectColumn != null) {
            require(columns, subjectColumn);
        }
        List<String> feats = new ArrayList<>(features);
        if (feats.isEmpty()) {
            for (String c : columns) {
                if (!c.equals(label) && !c.equals(idColumn) && !c.equals(subjectColumn)) {
                    feats.add(c);
                }
            }
        }
        feats.forEach(f -> require(columns, f));
        List<Column> selected = new ArrayList<>();
        feats.forEach(f -> selected.add(col(f)));
        selected.add(col(label));
        selected.add(col(idColumn).cast(DataTypes.LongType));
        selected.add(subjectColumn == null ? org.apache.spark.sql.functions.lit(null).cast(DataTypes.StringType)
                : col(subjectColumn).cast(DataTypes.StringType));
        org.apache.spark.sql.Dataset<Row> rows = df.select(selected.toArray(Column[]::new));
        int d = feats.size();
        List<Attribute> attributes = new ArrayList<>();
        for (int j = 0; j < d; j++) {
            attributes.add(attribute(feats.get(j), schema.apply(feats.get(j)).dataType(), df));
        }
        DataType labelType = schema.apply(label).dataType();
        boolean classification = !(labelType instanceof NumericType);
        Attribute target = classification ? attribute(label, labelType, df) : Attribute.numeric(label);
        Schema lethe = new Schema(attributes, target, classification ? Task.CLASSIFICATION : Task.REGRESSION);
        Map<String, Integer> classes = classification ? target.levelIndexMap() : Map.of();
        return FrameRows.collect(rows, lethe, classes, label, idColumn, subjectColumn != null, rows.count(), blockRows);
    }

    /** A numeric column as is; a string or boolean one with its distinct values (one small query) as levels. */
    private static Attribute attribute(String name, DataType type, org.apache.spark.sql.Dataset<Row> df) {
        if (type instanceof NumericType) {
            return Attribute.numeric(name);
        }
        TreeSet<String> levels = new TreeSet<>();
        for (Row r : df.select(col(name)).distinct().collectAsList()) {
            if (r.get(0) != null) {
                levels.add(r.get(0).toString());
            }
        }
        return Attribute.categorical(name, List.copyOf(levels));
    }
    private static void require(List<String> columns, String name) {
        if (name == null || !columns.contains(name)) {
            throw new InvalidInputException("no column " + LetheException.quote(String.valueOf(name)) + "; columns are " + columns);
        }
    }
}

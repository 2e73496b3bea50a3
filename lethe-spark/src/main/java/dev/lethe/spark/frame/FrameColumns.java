package dev.lethe.spark.frame;

import dev.lethe.data.Attribute;
import dev.lethe.data.DataException;
import dev.lethe.data.Schema;
import dev.lethe.model.LetheException;
import java.io.Serializable;
import java.util.List;
import org.apache.spark.sql.Row;

/**
 * Turns Spark rows into Lethe feature vectors under a model's {@link Schema}: a numeric feature is
 * read as a double, a categorical one (string or boolean column) as the index of its level in the
 * schema's dictionary. Holds only names and level lists, so Spark can ship it with a UDF.
 */
public final class FrameColumns implements Serializable {

    private static final long serialVersionUID = 1L;

    private final String[] names;
    private final boolean[] categorical;
    private final java.util.Map<String, Integer>[] levels;

    @SuppressWarnings("unchecked")
    public FrameColumns(Schema schema) {
        int d = schema.numFeatures();
        names = new String[d];
        categorical = new boolean[d];
        levels = new java.util.Map[d];
        for (int j = 0; j < d; j++) {
            Attribute a = schema.feature(j);
            names[j] = a.name();
            categorical[j] = a.isCategorical();
            levels[j] = a.isCategorical() ? new java.util.HashMap<>(a.levelIndexMap()) : null;
        }
    }

    public List<String> names() {
        return List.of(names);
    }

    /** The feature vector of {@code row}, whose fields are {@link #names()} in order. */
    public double[] encode(Row row) {
        double[] x = new double[names.length];
        for (int j = 0; j < names.length; j++) {
            Object v = row.get(j);
            if (v == null) {
                throw new DataException("column '" + names[j] + "': missing value");
            }
            if (categorical[j]) {
                Integer level = levels[j].get(v.toString());
                if (level == null) {
                    throw new DataException("column '" + names[j] + "': level " + LetheException.quote(v.toString())
                            + " was not seen in training");
                }
                x[j] = level;
            } else if (v instanceof Number n) {
                x[j] = n.doubleValue();
            } else {
                throw new DataException("column '" + names[j] + "': expected a number, got " + LetheException.quote(v.toString()));
            }
        }
        return x;
    }
}

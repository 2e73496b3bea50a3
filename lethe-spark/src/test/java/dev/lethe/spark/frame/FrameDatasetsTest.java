package dev.lethe.spark.frame;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lethe.data.DataException;
import dev.lethe.data.Dataset;
import dev.lethe.spark.TestSpark;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/** Rows reach the driver as compact blocks and are put in record-ID order there, whatever order the tasks return them in. */
class FrameDatasetsTest {

    private static final String[] COLORS = {"red", "green", "blue"};
    private static final StructType SCHEMA = new StructType()
            .add("x", DataTypes.DoubleType).add("color", DataTypes.StringType).add("cls", DataTypes.StringType)
            .add("rid", DataTypes.LongType).add("subject", DataTypes.StringType);

    private static Row row(long id) {
        return RowFactory.create(id * 0.5, COLORS[(int) (id % 3)], id % 2 == 0 ? "no" : "yes", id, "s" + id / 4);
    }

    @Test
    void rowsFromShuffledPartitionsAndAcrossBlocksComeBackInRecordIdOrderWithTheirValues() {
        SparkSession spark = TestSpark.session();
        int n = 2_500;
        List<Row> rows = new ArrayList<>();
        for (int k = 0; k < n; k++) {
            rows.add(row(5L * k + 1));
        }
        Collections.shuffle(rows, new Random(3));
        org.apache.spark.sql.Dataset<Row> frame = spark.createDataFrame(rows, SCHEMA);
        // one partition of three blocks, and three partitions in whatever order the shuffle leaves
        for (org.apache.spark.sql.Dataset<Row> f : List.of(frame.coalesce(1), frame.repartition(3))) {
            Dataset data = FrameDatasets.toDataset(f, List.of("x", "color"), "cls", "rid", "subject", 1_000);
            assertThat(data.size()).isEqualTo(n);
            assertThat(data.schema().feature(1).levels()).containsExactly("blue", "green", "red");
            assertThat(data.schema().target().levels()).containsExactly("no", "yes");
            for (int i = 0; i < n; i++) {
                long id = 5L * i + 1;
                assertThat(data.recordId(i)).isEqualTo(id);
                assertThat(data.value(i, 0)).isEqualTo(id * 0.5);
                assertThat(data.schema().feature(1).levels().get((int) data.value(i, 1))).isEqualTo(COLORS[(int) (id % 3)]);
                assertThat(data.label(i)).isEqualTo(id % 2 == 0 ? 0 : 1);
                assertThat(data.subjectId(i)).isEqualTo("s" + id / 4);
            }
        }
    }

    @Test
    void aSubjectsRowsArrivingTogetherShareOneStringOnTheDriver() {
        List<Row> rows = new ArrayList<>();
        for (long id = 0; id < 8; id++) {
            rows.add(RowFactory.create(1.0, "red", "no", id, "s" + id / 4));
        }
        Dataset data = FrameDatasets.toDataset(TestSpark.session().createDataFrame(rows, SCHEMA).coalesce(1), List.of("x"), "cls",
                "rid", "subject");
        assertThat(data.subjectId(3)).isSameAs(data.subjectId(0)).isEqualTo("s0");
        assertThat(data.subjectId(7)).isSameAs(data.subjectId(4)).isEqualTo("s1");
    }

    @Test
    void aMissingLabelOrARepeatedRecordIdIsNamedNotWrappedInASparkFailure() {
        SparkSession spark = TestSpark.session();
        List<Row> rows = new ArrayList<>(List.of(row(1), row(2), RowFactory.create(1.5, "red", null, 7L, "s1")));
        assertThatThrownBy(() -> FrameDatasets.toDataset(spark.createDataFrame(rows, SCHEMA).repartition(2),
                List.of("x"), "cls", "rid", "subject"))
                .isInstanceOf(DataException.class).hasMessage("label 'cls' row with record ID 7: missing value");
        rows.set(2, row(2));
        assertThatThrownBy(() -> FrameDatasets.toDataset(spark.createDataFrame(rows, SCHEMA), List.of("x"), "cls", "rid", "subject"))
                .isInstanceOf(DataException.class).hasMessage("record ID column 'rid': duplicate record ID 2");
    }
}

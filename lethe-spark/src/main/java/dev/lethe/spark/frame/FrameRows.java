package dev.lethe.spark.frame;

import dev.lethe.data.DataException;
import dev.lethe.data.Dataset;
import dev.lethe.data.Schema;
import dev.lethe.model.LetheException;
import dev.lethe.model.UnavailableException;
import dev.lethe.spark.SparkErrors;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.sql.Row;

/**
 * Brings a frame's rows to the driver as a Lethe {@link Dataset} without ever holding them as Spark
 * {@link Row}s there: each task encodes its rows (features, target, record ID, subject) into compact
 * blocks of bytes, the driver fetches a few partitions per job and decodes them straight into the
 * dataset's primitive arrays, then puts the rows in record-ID order in place. A Spark {@code Row} of
 * seven boxed doubles costs about 250 bytes of heap against 83 here, and a global {@code ORDER BY}
 * would shuffle the table first: at 10 M rows that is what kept SISA from training on a 5 GB heap.
 */
final class FrameRows {

    /** Rows per block: keeps each task result well under Spark's 2 GB array limit whatever the partition's size. */
    static final int BLOCK_ROWS = 1 << 16;
    private static final byte ROWS = 0;
    private static final byte BAD_VALUE = 1;

    private FrameRows() {
    }

    /**
     * @param selected   the features (in schema order), the label, the record ID (long) and the subject (string or null)
     * @param classes    the class index of each label level (classification), empty for regression
     * @param expected   the rows the frame is expected to hold (a hint for the arrays' size)
     * @param blockRows  rows per block ({@link #BLOCK_ROWS} but in tests)
     */
    static Dataset collect(org.apache.spark.sql.Dataset<Row> selected, Schema schema, Map<String, Integer> classes,
                           String label, String idColumn, boolean withSubjects, long expected, int blockRows) {
        int d = schema.numFeatures();
        JavaRDD<byte[]> blocks = selected.javaRDD().mapPartitions(
                new BlockEncoder(new FrameColumns(schema), classes.isEmpty() ? null : Map.copyOf(classes), label, idColumn,
                        blockRows));
        Columns out = new Columns(d, withSubjects, Math.toIntExact(Math.min(Integer.MAX_VALUE - 8, Math.max(0, expected))));
        int partitions = blocks.getNumPartitions();
        // a few waves of tasks per job: every core stays busy while the driver holds a bounded part of the table
        int perJob = Math.max(1, 4 * selected.sparkSession().sparkContext().defaultParallelism());
        for (int start = 0; start < partitions; start += perJob) {
            int[] ids = new int[Math.min(perJob, partitions - start)];
            for (int i = 0; i < ids.length; i++) {
                ids[i] = start + i;
            }
            List<byte[]>[] fetched = fetch(blocks, ids);
            for (int p = 0; p < fetched.length; p++) {
                fetched[p].forEach(out::decode);
                fetched[p] = null;
            }
        }
        return out.inRecordIdOrder(idColumn).toDataset(schema);
    }

    private static List<byte[]>[] fetch(JavaRDD<byte[]> blocks, int[] partitions) {
        try {
            return blocks.collectPartitions(partitions);
        } catch (RuntimeException e) {
            throw new UnavailableException("reading the frame's rows failed: " + SparkErrors.firstLine(e), e);
        }
    }

    /**
     * The executor side: a partition's rows as blocks, each a marker byte and then rows of {@code [id,
     * target, d features, subject length, subject UTF-8]}. A bad value becomes a block holding its
     * message, which the driver throws: a task's exception would reach the driver only as Spark's
     * multi-line job failure, after pointless retries.
     */
    private record BlockEncoder(FrameColumns features, Map<String, Integer> classes, String label, String idColumn, int blockRows)
            implements FlatMapFunction<Iterator<Row>, byte[]>, Serializable {

        @Override
        public Iterator<byte[]> call(Iterator<Row> rows) throws IOException {
            try {
                return encode(rows).iterator();
            } catch (DataException e) {
                ByteArrayOutputStream bytes = new ByteArrayOutputStream();
                try (DataOutputStream out = new DataOutputStream(bytes)) {
                    out.writeByte(BAD_VALUE);
                    out.writeUTF(e.getMessage());
                }
                return List.of(bytes.toByteArray()).iterator();
            }
        }

        private List<byte[]> encode(Iterator<Row> rows) throws IOException {
            int d = features.names().size();
            List<byte[]> blocks = new ArrayList<>();
            ByteArrayOutputStream bytes = new ByteArrayOutputStream(1 << 20);
            DataOutputStream out = new DataOutputStream(bytes);
            out.writeByte(ROWS);
            int inBlock = 0;
            while (rows.hasNext()) {
                Row r = rows.next();
                Object id = r.get(d + 1);
                if (id == null) {
                    throw new DataException("record ID column '" + idColumn + "': missing value");
                }
                long recordId = ((Number) id).longValue();
                out.writeLong(recordId);
                out.writeDouble(target(r.get(d), recordId));
                for (double v : features.encode(r)) {
                    out.writeDouble(v);
                }
                Object subject = r.get(d + 2);
                if (subject == null) {
                    out.writeInt(-1);
                } else {
                    byte[] utf8 = subject.toString().getBytes(StandardCharsets.UTF_8);
                    out.writeInt(utf8.length);
                    out.write(utf8);
                }
                if (++inBlock == blockRows) {
                    out.flush();
                    blocks.add(bytes.toByteArray());
                    bytes.reset();
                    out.writeByte(ROWS);
                    inBlock = 0;
                }
            }
            out.flush();
            if (inBlock > 0) {
                blocks.add(bytes.toByteArray());
            }
            return blocks;
        }

        private double target(Object y, long recordId) {
            if (y == null) {
                throw new DataException("label '" + label + "' row with record ID " + recordId + ": missing value");
            }
            if (classes == null) {
                return ((Number) y).doubleValue();
            }
            Integer k = classes.get(y.toString());
            if (k == null) {
                throw new DataException("label '" + label + "' row with record ID " + recordId + ": class "
                        + LetheException.quote(y.toString()) + " appeared while the rows were read");
            }
            return k;
        }
    }

    /** The driver side: growing primitive columns that blocks are decoded into. */
    private static final class Columns {

        private final int d;
        private double[] values;
        private double[] targets;
        private long[] ids;
        private String[] subjects;
        private int n;

        Columns(int d, boolean withSubjects, int capacity) {
            this.d = d;
            values = new double[capacity * d];
            targets = new double[capacity];
            ids = new long[capacity];
            subjects = withSubjects ? new String[capacity] : null;
        }

        void decode(byte[] block) {
            ByteBuffer in = ByteBuffer.wrap(block);
            int previous = -1;
            int previousLength = 0;
            if (in.get() == BAD_VALUE) {
                try {
                    throw new DataException(new java.io.DataInputStream(new java.io.ByteArrayInputStream(block, 1, block.length - 1))
                            .readUTF());
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
            while (in.hasRemaining()) {
                if (n == ids.length) {
                    resize(Math.max(16, n + (n >> 1)));
                }
                ids[n] = in.getLong();
                targets[n] = in.getDouble();
                for (int j = 0; j < d; j++) {
                    values[n * d + j] = in.getDouble();
                }
                int length = in.getInt();
                if (length >= 0) {
                    int at = in.position();
                    if (subjects != null) {
                        // a subject's rows usually arrive together: they share one String, not one each
                        boolean same = n > 0 && previous >= 0 && subjects[n - 1] != null
                                && Arrays.equals(block, at, at + length, block, previous, previous + previousLength);
                        subjects[n] = same ? subjects[n - 1] : new String(block, at, length, StandardCharsets.UTF_8);
                    }
                    previous = at;
                    previousLength = length;
                    in.position(at + length);
                } else {
                    previous = -1;
                }
                n++;
            }
        }

        private void resize(int capacity) {
            values = Arrays.copyOf(values, capacity * d);
            targets = Arrays.copyOf(targets, capacity);
            ids = Arrays.copyOf(ids, capacity);
            if (subjects != null) {
                subjects = Arrays.copyOf(subjects, capacity);
            }
        }

        /** Sorts the rows by record ID in place (each row moves once, along its permutation cycle). */
        Columns inRecordIdOrder(String idColumn) {
            if (n < ids.length) {
                resize(n);
            }
            long[] sorted = ids.clone();
            Arrays.parallelSort(sorted);
            for (int i = 1; i < n; i++) {
                if (sorted[i] == sorted[i - 1]) {
                    throw new DataException("record ID column '" + idColumn + "': duplicate record ID " + sorted[i]);
                }
            }
            if (Arrays.equals(sorted, ids)) {
                return this;
            }
            int[] place = new int[n];
            for (int i = 0; i < n; i++) {
                place[i] = Arrays.binarySearch(sorted, ids[i]);
            }
            double[] row = new double[d];
            for (int i = 0; i < n; i++) {
                while (place[i] != i) {
                    swap(i, place[i], row);
                    int j = place[i];
                    place[i] = place[j];
                    place[j] = j;
                }
            }
            return this;
        }

        private void swap(int i, int j, double[] row) {
            System.arraycopy(values, i * d, row, 0, d);
            System.arraycopy(values, j * d, values, i * d, d);
            System.arraycopy(row, 0, values, j * d, d);
            double t = targets[i];
            targets[i] = targets[j];
            targets[j] = t;
            long id = ids[i];
            ids[i] = ids[j];
            ids[j] = id;
            if (subjects != null) {
                String s = subjects[i];
                subjects[i] = subjects[j];
                subjects[j] = s;
            }
        }

        Dataset toDataset(Schema schema) {
            return Dataset.of(schema, values, targets, ids, subjects);
        }
    }
}

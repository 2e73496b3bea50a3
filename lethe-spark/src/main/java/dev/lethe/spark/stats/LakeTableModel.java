package dev.lethe.spark.stats;

import dev.lethe.data.Schema;
import dev.lethe.model.ForgetRequest;
import dev.lethe.model.Provenance;
import dev.lethe.model.RefusedException;
import dev.lethe.model.StateCodec;
import dev.lethe.model.UnlearnableModel;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.Map;

/**
 * What every registry model of a lake table shares: it holds no row, only what it learnt, the table's
 * name, the registry's schema and provenance, and (once bound) the {@link LakeRowSource} through which
 * a forget reads the rows it removes. Forgets of records and subjects only: anything else needs a
 * retrain on the lake dataset.
 *
 * @param <M> the model's own type, which {@link #withRows} returns
 */
public abstract class LakeTableModel<M extends LakeTableModel<M>> implements UnlearnableModel {

    private final Schema schema;
    private Provenance provenance;
    private final String table;
    private LakeRowSource rows;

    protected LakeTableModel(Schema schema, Provenance provenance, String table) {
        this.schema = schema;
        this.provenance = provenance;
        this.table = table;
    }

    /** Where forgets find their rows (until set, a forget is refused: the model holds no row itself). */
    @SuppressWarnings("unchecked")
    public M withRows(LakeRowSource source) {
        this.rows = source;
        return (M) this;
    }

    /** The lake table the model was trained on. */
    public String table() {
        return table;
    }

    @Override
    public Schema schema() {
        return schema;
    }

    @Override
    public Provenance provenance() {
        return provenance;
    }

    @Override
    public void recordSource(Map<String, String> source) {
        provenance = provenance.withSource(source);
    }

    /**
     * The bound row source for a forget of {@code request}.
     *
     * @throws RefusedException for a request other than records or a subject, or when no source is bound
     */
    protected LakeRowSource rowsFor(ForgetRequest request) {
        if (!(request instanceof ForgetRequest.Records || request instanceof ForgetRequest.Subject)) {
            throw new RefusedException(family() + " forgets records and subjects; a " + request.kind()
                    + " request needs retraining on the lake dataset");
        }
        if (rows == null) {
            throw new RefusedException(family() + " model: no lake row source bound; forget through the workflow's lake "
                    + "erase step or bind one with withRows");
        }
        return rows;
    }

    /** Writes what every lake model's state begins with: provenance, schema and table. */
    protected final void writeTable(DataOutputStream out) throws IOException {
        StateCodec.writeProvenance(out, provenance);
        StateCodec.writeSchema(out, schema);
        out.writeUTF(table);
    }

    /** The beginning of a lake model's state, as {@link #writeTable} wrote it. */
    protected record Header(Provenance provenance, Schema schema, String table) {

        public static Header read(DataInputStream in) throws IOException {
            Provenance provenance = StateCodec.readProvenance(in);
            Schema schema = StateCodec.readSchema(in);
            return new Header(provenance, schema, in.readUTF());
        }
    }
}

package dev.lethe.models.linear;

import dev.lethe.math.NormalEquations;
import dev.lethe.model.ModelFileException;
import dev.lethe.model.StateCodec;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;

/**
 * A ridge model file's copy of its {@link NormalEquations}: the double-double sums and the solution
 * (the factor is recomputed on reading), checked against the model's own dimensions and λ.
 */
final class NormalEquationsCodec {

    private NormalEquationsCodec() {
    }

    static void write(DataOutputStream out, NormalEquations equations) throws IOException {
        NormalEquations.State s = equations.state();
        out.writeInt(s.dimension());
        out.writeInt(s.outputs());
        out.writeDouble(s.lambda());
        out.writeLong(s.rows());
        StateCodec.writeDoubles(out, s.gramHi());
        StateCodec.writeDoubles(out, s.gramLo());
        StateCodec.writeDoubles(out, s.rhsHi());
        StateCodec.writeDoubles(out, s.rhsLo());
        StateCodec.writeDoubles(out, s.beta());
    }

    /** Reads what {@link #write} wrote; the solution is kept bit for bit. */
    static NormalEquations read(DataInputStream in, int expectedDimension, int expectedOutputs, double expectedLambda)
            throws IOException {
        int m = in.readInt();
        int k = in.readInt();
        double lambda = in.readDouble();
        long rows = in.readLong();
        if (m != expectedDimension || k != expectedOutputs) {
            throw new ModelFileException("corrupted ridge state: a " + m + "×" + k + " system, expected "
                    + expectedDimension + "×" + expectedOutputs);
        }
        if (lambda != expectedLambda) {
            throw new ModelFileException("corrupted ridge state: λ = " + lambda + " in the system, " + expectedLambda + " in the options");
        }
        NormalEquations.State state = new NormalEquations.State(m, k, lambda, rows, StateCodec.readDoubles(in),
                StateCodec.readDoubles(in), StateCodec.readDoubles(in), StateCodec.readDoubles(in), StateCodec.readDoubles(in));
        try {
            return NormalEquations.restore(state);
        } catch (IllegalArgumentException e) {
            throw new ModelFileException("corrupted ridge state: " + e.getMessage());
        } catch (ArithmeticException e) {
            throw new ModelFileException("corrupted ridge state: the Gram matrix is not positive definite (" + e.getMessage() + ")");
        }
    }
}

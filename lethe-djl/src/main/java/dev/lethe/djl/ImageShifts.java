package dev.lethe.djl;

import dev.lethe.data.DataException;
import java.util.Random;

/**
 * Random translations of square greyscale training images: data augmentation in the manner of
 * Simard, Steinkraus and Platt (ICDAR 2003), who found small shifts of MNIST digits to be among the
 * most effective distortions. Each copy moves the image by dx, dy drawn uniformly from
 * [−shift, shift]; pixels moved in from outside take the encoded value of a blank (0) pixel.
 * The draws come from the caller's seeded random source, so training stays reproducible.
 */
final class ImageShifts {

    private final int side;
    private final int shift;
    private final float[] blank;

    private ImageShifts(int side, int shift, float[] blank) {
        this.side = side;
        this.shift = shift;
        this.blank = blank;
    }

    /** The smallest image side taken for a picture rather than a table that happens to have a square number of columns. */
    static final int MIN_SIDE = 8;

    /** Whether the features look like square greyscale images: side × side numeric features, side ≥ {@value #MIN_SIDE}. */
    static boolean fits(dev.lethe.data.Schema schema) {
        int w = schema.numFeatures();
        int side = (int) Math.round(Math.sqrt(w));
        if (side < MIN_SIDE || side * side != w) {
            return false;
        }
        for (int j = 0; j < w; j++) {
            if (schema.feature(j).isCategorical()) {
                return false;
            }
        }
        return true;
    }

    /** Shifts for inputs encoded by {@code encoder}, which must be {@code side × side} numeric pixels. */
    static ImageShifts of(InputEncoder encoder, int shift) {
        int w = encoder.width();
        int side = (int) Math.round(Math.sqrt(w));
        if (side * side != w || encoder.features() != w) {
            throw new DataException("setting 'shift' needs square greyscale images (side × side numeric pixel features), got "
                    + encoder.features() + " features encoded as " + w + " inputs");
        }
        float[] blank = new float[w];
        encoder.encode(new double[w], blank, 0);
        return new ImageShifts(side, shift, blank);
    }

    /** Copies the image at {@code from} in {@code x} to {@code to} in {@code out}, moved at random. */
    void copyShifted(float[] x, int from, float[] out, int to, Random random) {
        int dx = random.nextInt(2 * shift + 1) - shift;
        int dy = random.nextInt(2 * shift + 1) - shift;
        for (int r = 0; r < side; r++) {
            int sr = r - dy;
            for (int c = 0; c < side; c++) {
                int sc = c - dx;
                int at = r * side + c;
                out[to + at] = sr >= 0 && sr < side && sc >= 0 && sc < side ? x[from + sr * side + sc] : blank[at];
            }
        }
    }
}

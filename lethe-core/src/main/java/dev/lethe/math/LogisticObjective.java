package dev.lethe.math;


/**
 * The perturbed, L2-regularised logistic objective on the sum scale of Guo et al. (ICML 2020):
 * <pre>
 *   J(w) = Σᵢ ℓ(w; xᵢ, yᵢ) + (λn/2)‖w‖² + bᵀw
 * </pre>
 * over the rows {@code rows} of a design matrix, n = |rows|. This is n times the per-record form
 * (mean loss + λ/2‖w‖² + bᵀw/n): the same minimiser, with gradients in the units in which the
 * certified-removal budget is stated. Binary models have one weight block and the sigmoid loss
 * ℓ = log(1 + e^s) − y·s; multinomial models have one block per class and the softmax loss
 * ℓ = log Σₖ e^{sₖ} − s_y. The weight vector is block-major: block k occupies
 * {@code [k·P, (k+1)·P)} for P design columns.
 */
public final class LogisticObjective {

    private final SparseRows x;
    private final int blocks;
    private final int columns;
    private final double lambda;
    private final double[] b;

    public LogisticObjective(SparseRows x, int blocks, double lambda, double[] b) {
        this.x = x;
        this.blocks = blocks;
        this.columns = x.columns();
        this.lambda = lambda;
        this.b = b;
    }

    public int dimension() {
        return blocks * columns;
    }

    public static double sigmoid(double s) {
        return s >= 0 ? 1 / (1 + Math.exp(-s)) : Math.exp(s) / (1 + Math.exp(s));
    }

    /** log(1 + e^s) without overflow. */
    public static double softplus(double s) {
        return s > 0 ? s + Math.log1p(Math.exp(-s)) : Math.log1p(Math.exp(s));
    }

    /** The row's scores, one per block, into {@code scores}. */
    public void scores(int row, double[] w, double[] scores) {
        for (int k = 0; k < blocks; k++) {
            scores[k] = x.dot(row, w, k * columns);
        }
    }

    /**
     * The row's loss-gradient coefficients r (∇ℓ = r ⊗ xᵢ): σ(s) − y for binary, softmax(s) − e_y for
     * multinomial; {@code scores} is overwritten.
     */
    public void residuals(int label, double[] scores, double[] r) {
        if (blocks == 1) {
            r[0] = sigmoid(scores[0]) - label;
        } else {
            double max = Double.NEGATIVE_INFINITY;
            for (double s : scores) {
                max = Math.max(max, s);
            }
            double sum = 0;
            for (int k = 0; k < blocks; k++) {
                r[k] = Math.exp(scores[k] - max);
                sum += r[k];
            }
            for (int k = 0; k < blocks; k++) {
                r[k] /= sum;
            }
            r[label] -= 1;
        }
    }

    public double loss(int label, double[] scores) {
        if (blocks == 1) {
            return softplus(scores[0]) - label * scores[0];
        }
        return LogSpace.logSumExp(scores) - scores[label];
    }

    public double value(double[] w, int[] rows, int[] labels) {
        double[] s = new double[blocks];
        double total = 0;
        for (int i : rows) {
            scores(i, w, s);
            total += loss(labels[i], s);
        }
        double ww = 0;
        double bw = 0;
        for (int j = 0; j < w.length; j++) {
            ww += w[j] * w[j];
            bw += b[j] * w[j];
        }
        return total + lambda * rows.length / 2 * ww + bw;
    }

    /** ∇J(w) over {@code rows}. */
    public double[] gradient(double[] w, int[] rows, int[] labels) {
        double[] g = new double[dimension()];
        double[] s = new double[blocks];
        double[] r = new double[blocks];
        for (int i : rows) {
            scores(i, w, s);
            residuals(labels[i], s, r);
            for (int k = 0; k < blocks; k++) {
                x.axpy(i, r[k], g, k * columns);
            }
        }
        double n = rows.length;
        for (int j = 0; j < g.length; j++) {
            g[j] += lambda * n * w[j] + b[j];
        }
        return g;
    }

    /** Adds sign·∇ℓ(w; xᵢ, label) of one row to {@code into}. */
    public void addRowGradient(int row, int label, double[] w, double sign, double[] into) {
        double[] s = new double[blocks];
        double[] r = new double[blocks];
        scores(row, w, s);
        residuals(label, s, r);
        for (int k = 0; k < blocks; k++) {
            x.axpy(row, sign * r[k], into, k * columns);
        }
    }

    /** The class probabilities of a row (length 1 for binary: P(class 1)). */
    public double[] probabilities(int row, double[] w) {
        double[] s = new double[blocks];
        scores(row, w, s);
        if (blocks == 1) {
            return new double[]{sigmoid(s[0])};
        }
        double[] p = new double[blocks];
        residuals(0, s, p);
        p[0] += 1;
        return p;
    }

    /** Adds sign·∇²ℓ(w; xᵢ) of one row to the lower triangle of {@code h}. */
    public void addRowCurvature(int row, double[] w, double sign, SymmetricMatrix h) {
        int from = x.start(row);
        int to = x.end(row);
        int[] col = x.columnIndex();
        double[] val = x.values();
        if (blocks == 1) {
            double p = sigmoid(x.dot(row, w, 0));
            h.addSparseOuter(sign * p * (1 - p), 0, col, val, from, to);
            return;
        }
        double[] p = probabilities(row, w);
        for (int k = 0; k < blocks; k++) {
            h.addSparseOuter(sign * p[k] * (1 - p[k]), k * columns, col, val, from, to);
            for (int l = 0; l < k; l++) {
                h.addSparseOuterOffDiagonal(-sign * p[k] * p[l], k, l, columns, col, val, from, to);
            }
        }
    }

    /**
     * Vectors uⱼ with ∇²ℓ(w; xᵢ) = Σⱼ uⱼuⱼᵀ, for rank-one Cholesky downdates: √(p(1−p))·xᵢ for
     * binary; for multinomial diag(π) − ππᵀ = Σₖ πₖ(eₖ − π)(eₖ − π)ᵀ gives uₖ = √πₖ (eₖ − π) ⊗ xᵢ.
     */
    public double[][] curvatureFactors(int row, double[] w) {
        int from = x.start(row);
        int to = x.end(row);
        int[] col = x.columnIndex();
        double[] val = x.values();
        if (blocks == 1) {
            double p = sigmoid(x.dot(row, w, 0));
            double scale = Math.sqrt(p * (1 - p));
            double[] u = new double[columns];
            for (int q = from; q < to; q++) {
                u[col[q]] = scale * val[q];
            }
            return new double[][]{u};
        }
        double[] p = probabilities(row, w);
        double[][] out = new double[blocks][];
        for (int k = 0; k < blocks; k++) {
            double[] u = new double[dimension()];
            double root = Math.sqrt(p[k]);
            for (int l = 0; l < blocks; l++) {
                double coefficient = root * ((l == k ? 1 : 0) - p[l]);
                for (int q = from; q < to; q++) {
                    u[l * columns + col[q]] = coefficient * val[q];
                }
            }
            out[k] = u;
        }
        return out;
    }

    /** ∇²J(w) over {@code rows}: Σᵢ ∇²ℓ(w; xᵢ) + λn·I. */
    public SymmetricMatrix hessian(double[] w, int[] rows) {
        SymmetricMatrix h = new SymmetricMatrix(dimension());
        for (int i : rows) {
            addRowCurvature(i, w, 1, h);
        }
        h.addDiagonal(lambda * rows.length);
        return h;
    }

    /**
     * ∇²J(w)·v over {@code rows} in O(non-zeros): Σᵢ (Aᵢ ⊗ xᵢxᵢᵀ)·v + λn·v, without forming the Hessian.
     *
     * @param scores      xᵢᵀw per row for binary models (saves recomputing them), or {@code null}
     * @param projections if not {@code null}, receives xᵢᵀv (first block) for each row
     */
    public double[] hessianTimes(double[] w, double[] v, int[] rows, double[] scores, double[] projections) {
        double[] out = new double[dimension()];
        double[] s = new double[blocks];
        double[] q = new double[blocks];
        for (int i : rows) {
            for (int k = 0; k < blocks; k++) {
                q[k] = x.dot(i, v, k * columns);
            }
            if (projections != null) {
                projections[i] = q[0];
            }
            if (blocks == 1) {
                double p = sigmoid(scores != null ? scores[i] : x.dot(i, w, 0));
                x.axpy(i, p * (1 - p) * q[0], out, 0);
            } else {
                scores(i, w, s);
                double[] p = new double[blocks];
                residuals(0, s, p);
                p[0] += 1;
                double pq = 0;
                for (int k = 0; k < blocks; k++) {
                    pq += p[k] * q[k];
                }
                for (int k = 0; k < blocks; k++) {
                    x.axpy(i, p[k] * (q[k] - pq), out, k * columns);
                }
            }
        }
        double n = rows.length;
        for (int j = 0; j < out.length; j++) {
            out[j] += lambda * n * v[j];
        }
        return out;
    }

    /** X·v for the first block over all rows of the design (binary models). */
    public double[] multiply(double[] v) {
        double[] out = new double[x.rows()];
        for (int i = 0; i < out.length; i++) {
            out[i] = x.dot(i, v, 0);
        }
        return out;
    }
}

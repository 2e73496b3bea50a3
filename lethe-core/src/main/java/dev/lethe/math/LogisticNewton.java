package dev.lethe.math;


/**
 * Minimises a {@link LogisticObjective} by Newton's method with a backtracking (Armijo) line search,
 * until the gradient norm per record ‖∇J‖/n is at most the tolerance. The objective is λn-strongly
 * convex, so the minimiser is unique and Newton's method converges quadratically near it; a handful
 * of iterations reach gradients near rounding level.
 *
 * <p>The result keeps the last Hessian that was factorised and the point it was computed at: the
 * model then maintains that Hessian under removals instead of recomputing it, and the certified
 * bound accounts for the (tiny) distance between that point and the final weights.
 */
public final class LogisticNewton {

    /**
     * @param w         the final weights
     * @param gradient  ∇J at {@code w}
     * @param hessianAt the point where {@code hessian} was computed
     * @param hessian   ∇²J(hessianAt) with λn·I
     * @param factor    its Cholesky factor
     */
    public record Result(double[] w, double[] gradient, double[] hessianAt, SymmetricMatrix hessian, Cholesky factor,
                  int iterations) {
    }

    private LogisticNewton() {
    }

    public static Result minimise(LogisticObjective objective, int[] rows, int[] labels, double tolerance, int maxIterations) {
        int n = Math.max(1, rows.length);
        double[] w = new double[objective.dimension()];
        double value = objective.value(w, rows, labels);
        double[] g = objective.gradient(w, rows, labels);
        double[] at = null;
        SymmetricMatrix h = null;
        Cholesky factor = null;
        int iteration = 0;
        while (iteration < maxIterations && (h == null || Vectors.norm(g) / n > tolerance)) {
            iteration++;
            at = w.clone();
            h = objective.hessian(w, rows);
            factor = h.cholesky();
            double[] step = factor.solve(g);
            double slope = -Vectors.dot(g, step);
            double t = 1;
            double[] next = new double[w.length];
            double nextValue;
            int halvings = 0;
            while (true) {
                for (int j = 0; j < w.length; j++) {
                    next[j] = w[j] - t * step[j];
                }
                nextValue = objective.value(next, rows, labels);
                if (nextValue <= value + 1e-4 * t * slope + 1e-13 * Math.abs(value) || halvings == 60) {
                    break;
                }
                t /= 2;
                halvings++;
            }
            w = next;
            value = nextValue;
            g = objective.gradient(w, rows, labels);
        }
        return new Result(w, g, at, h, factor, iteration);
    }
}

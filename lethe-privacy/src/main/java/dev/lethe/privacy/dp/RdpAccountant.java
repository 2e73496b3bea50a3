package dev.lethe.privacy.dp;

import static dev.lethe.math.LogSpace.logSumExp;

import dev.lethe.model.InvalidInputException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Rényi-DP accountant of the Poisson-subsampled Gaussian mechanism, the mechanism of DP-SGD.
 *
 * <p>For sampling rate q and noise multiplier σ, the RDP of one step at order α is
 * {@code log(A_α) / (α − 1)} with {@code A_α = E_{z∼N(0,σ²)}[((1−q) + q·exp((2z−1)/(2σ²)))^α]}
 * (Mironov, Talwar, Zhang 2019, Sec. 3). At integer orders A_α is the finite binomial sum
 * {@code Σ_k C(α,k)(1−q)^{α−k} q^k exp((k²−k)/(2σ²))}; at fractional orders this class integrates the
 * expectation numerically in log space. RDP composes additively over steps (Mironov 2017, Prop. 1),
 * and converts to (ε, δ)-DP by one of two {@link Conversion}s, minimised over the orders.
 */
public final class RdpAccountant {

    /** The orders TF Privacy and Opacus use by default: 1.1, 1.2, …, 10.9, then 12, 13, …, 63. */
    public static final List<Double> DEFAULT_ORDERS = defaultOrders();

    /** How RDP turns into (ε, δ)-DP at one order α. */
    public enum Conversion {
        /** {@code ε = rdp − log δ / (α − 1)} (Mironov 2017, Prop. 3): the bound behind TF Privacy's published MNIST figures. */
        CLASSIC,
        /**
         * {@code ε = rdp + log((α−1)/α) − (log δ + log α)/(α − 1)} (Canonne, Kamath, Steinke 2020, Prop. 12;
         * Balle et al. 2020): never larger, used by today's TF Privacy and Opacus.
         */
        IMPROVED;

        double epsilon(double rdp, double alpha, double delta) {
            return this == CLASSIC ? rdp - Math.log(delta) / (alpha - 1)
                    : rdp + Math.log((alpha - 1) / alpha) - (Math.log(delta) + Math.log(alpha)) / (alpha - 1);
        }
    }

    private final List<Double> orders;
    private final Conversion conversion;

    /** The default orders and the classic conversion, so that results compare with TF Privacy's published ones. */
    public RdpAccountant() {
        this(DEFAULT_ORDERS, Conversion.CLASSIC);
    }

    public RdpAccountant(List<Double> orders, Conversion conversion) {
        this.conversion = conversion;
        if (orders.isEmpty() || orders.stream().anyMatch(a -> !(a > 1))) {
            throw new InvalidInputException("RDP orders must be > 1, got " + orders);
        }
        this.orders = List.copyOf(orders);
    }

    /** A name for provenance and receipts: the accountant, its conversion and its orders. */
    public String describe() {
        return "RDP (subsampled Gaussian, Mironov-Talwar-Zhang 2019), " + conversion.name().toLowerCase(java.util.Locale.ROOT)
                + " conversion, orders " + orders.get(0) + ".." + orders.get(orders.size() - 1) + " (" + orders.size() + ")";
    }

    /** The (ε, δ) of a run and the RDP order that gave the smallest ε. */
    public record Result(double epsilon, double delta, double order) {
    }

    /**
     * The ε of {@code steps} steps of the subsampled Gaussian mechanism.
     *
     * @param q     the Poisson sampling rate (expected batch / examples), in (0, 1]
     * @param sigma the noise multiplier (noise standard deviation / clipping norm), > 0
     */
    public Result epsilon(double q, double sigma, long steps, double delta) {
        check(q, sigma, steps, delta);
        double best = Double.POSITIVE_INFINITY;
        double bestOrder = Double.NaN;
        for (double alpha : orders) {
            double rdp = steps * stepRdp(q, sigma, alpha);
            double eps = conversion.epsilon(rdp, alpha, delta);
            if (eps < best) {
                best = eps;
                bestOrder = alpha;
            }
        }
        return new Result(Math.max(0, best), delta, bestOrder);
    }

    /**
     * The smallest noise multiplier (to 0.1% relative precision, rounded up) whose ε after
     * {@code steps} steps is at most {@code targetEpsilon}.
     */
    public double sigmaFor(double targetEpsilon, double q, long steps, double delta) {
        if (!(targetEpsilon > 0) || Double.isInfinite(targetEpsilon)) {
            throw new InvalidInputException("target ε must be a positive number, got " + targetEpsilon);
        }
        check(q, 1, steps, delta);
        double lo = 0.01;
        double hi = 1;
        while (epsilon(q, hi, steps, delta).epsilon() > targetEpsilon) {
            lo = hi;
            hi *= 2;
            if (hi > 1e6) {
                throw new InvalidInputException("no noise multiplier up to 1e6 reaches ε = " + targetEpsilon);
            }
        }
        while (hi - lo > 1e-3 * hi) {
            double mid = (lo + hi) / 2;
            if (epsilon(q, mid, steps, delta).epsilon() > targetEpsilon) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        return hi;
    }

    /** The RDP at order α of one step: log(A_α) / (α − 1). */
    public static double stepRdp(double q, double sigma, double alpha) {
        if (q == 0) {
            return 0;
        }
        if (q == 1) {
            return alpha / (2 * sigma * sigma);
        }
        double logA = alpha == Math.rint(alpha) ? logABinomial(q, sigma, (int) alpha) : logAIntegral(q, sigma, alpha);
        return logA / (alpha - 1);
    }

    /** log A_α at an integer order by the binomial expansion, summed in log space. */
    static double logABinomial(double q, double sigma, int alpha) {
        double[] terms = new double[alpha + 1];
        double logBinom = 0;
        for (int k = 0; k <= alpha; k++) {
            if (k > 0) {
                logBinom += Math.log(alpha - k + 1) - Math.log(k);
            }
            terms[k] = logBinom + (alpha - k) * Math.log1p(-q) + k * Math.log(q) + (k * (double) k - k) / (2 * sigma * sigma);
        }
        return logSumExp(terms);
    }

    /**
     * log A_α by integrating over z ∼ N(0, σ²) with the trapezoid rule in log space; the integrand is
     * smooth and decays like a Gaussian on both sides, so a fine grid over its mass is accurate to
     * many digits (checked against the binomial sum at integer orders).
     */
    static double logAIntegral(double q, double sigma, double alpha) {
        double lo = -40 * sigma - 1;
        double hi = alpha + 40 * sigma + 1;
        int n = 8_000;
        double h = (hi - lo) / n;
        double[] terms = new double[n + 1];
        double s2 = sigma * sigma;
        for (int i = 0; i <= n; i++) {
            double z = lo + i * h;
            double logMu0 = -z * z / (2 * s2) - Math.log(sigma * Math.sqrt(2 * Math.PI));
            double x = (2 * z - 1) / (2 * s2);
            // log((1 − q) + q·e^x), stable for large |x|
            double logMix = x > 0 ? x + Math.log(q) + Math.log1p((1 - q) / q * Math.exp(-x))
                    : Math.log1p(-q) + Math.log1p(q / (1 - q) * Math.exp(x));
            terms[i] = logMu0 + alpha * logMix + Math.log(h) + (i == 0 || i == n ? Math.log(0.5) : 0);
        }
        return logSumExp(terms);
    }

    private static void check(double q, double sigma, long steps, double delta) {
        if (!(q > 0 && q <= 1)) {
            throw new InvalidInputException("sampling rate q must be in (0, 1], got " + q);
        }
        if (!(sigma > 0) || Double.isInfinite(sigma)) {
            throw new InvalidInputException("noise multiplier must be a positive number, got " + sigma);
        }
        if (steps < 1) {
            throw new InvalidInputException("steps must be at least 1, got " + steps);
        }
        if (!(delta > 0 && delta < 1)) {
            throw new InvalidInputException("δ must be in (0, 1), got " + delta);
        }
    }

    private static List<Double> defaultOrders() {
        List<Double> out = new ArrayList<>();
        for (int x = 1; x < 100; x++) {
            out.add(1 + x / 10.0);
        }
        for (int a = 12; a < 64; a++) {
            out.add((double) a);
        }
        return Collections.unmodifiableList(out);
    }
}

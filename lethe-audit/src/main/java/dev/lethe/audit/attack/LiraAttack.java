package dev.lethe.audit.attack;

/**
 * The Likelihood Ratio Attack (LiRA) of Carlini et al., "Membership Inference Attacks From First
 * Principles" (IEEE S&amp;P 2022).
 *
 * <p>For each record the shadow pool gives the statistic φ (logit-scaled confidence) under the shadows
 * that trained on it ("in") and those that did not ("out"); each set is fitted with a Gaussian.
 * <ul>
 * <li><b>online</b>: score = log N(φ; μ_in, σ_in²) − log N(φ; μ_out, σ_out²), the log-likelihood ratio
 *     of "member" against "non-member";</li>
 * <li><b>offline</b>: only the "out" Gaussian is needed; score = (φ − μ_out) / σ_out, a one-sided test
 *     of how far above the non-member distribution the target's confidence lies (monotone in
 *     the paper's 1 − Pr[Z &gt; φ]).</li>
 * </ul>
 * With few shadows per-example variances are noisy; the paper then uses one global variance per side,
 * which is our default below 64 shadows ({@link Variance#GLOBAL}).
 */
public final class LiraAttack implements MembershipAttack {

    /** How the Gaussians' variances are estimated. */
    public enum Variance { PER_EXAMPLE, GLOBAL }

    /** Smallest variance, so a statistic that never moves does not divide by zero. */
    private static final double MIN_VARIANCE = 1e-8;

    private final boolean online;
    private final double[] meanIn;
    private final double[] meanOut;
    private final double[] varIn;
    private final double[] varOut;

    private LiraAttack(boolean online, double[] meanIn, double[] meanOut, double[] varIn, double[] varOut) {
        this.online = online;
        this.meanIn = meanIn;
        this.meanOut = meanOut;
        this.varIn = varIn;
        this.varOut = varOut;
    }

    public static LiraAttack online(ShadowPool pool) {
        return fit(pool, true, defaultVariance(pool));
    }

    public static LiraAttack offline(ShadowPool pool) {
        return fit(pool, false, defaultVariance(pool));
    }

    public static Variance defaultVariance(ShadowPool pool) {
        return pool.size() < 64 ? Variance.GLOBAL : Variance.PER_EXAMPLE;
    }

    public static LiraAttack fit(ShadowPool pool, boolean online, Variance variance) {
        int n = pool.population().size();
        double[] meanIn = new double[n];
        double[] meanOut = new double[n];
        double[] varIn = new double[n];
        double[] varOut = new double[n];
        double sumSqIn = 0;
        double sumSqOut = 0;
        long dofIn = 0;
        long dofOut = 0;
        for (int i = 0; i < n; i++) {
            double sIn = 0;
            double sOut = 0;
            int cIn = 0;
            int cOut = 0;
            for (int s = 0; s < pool.size(); s++) {
                double phi = pool.outputs(s).phi()[i];
                if (pool.isMember(s, i)) {
                    sIn += phi;
                    cIn++;
                } else {
                    sOut += phi;
                    cOut++;
                }
            }
            meanIn[i] = cIn == 0 ? Double.NaN : sIn / cIn;
            meanOut[i] = sOut / cOut;
            double qIn = 0;
            double qOut = 0;
            for (int s = 0; s < pool.size(); s++) {
                double phi = pool.outputs(s).phi()[i];
                if (pool.isMember(s, i)) {
                    qIn += (phi - meanIn[i]) * (phi - meanIn[i]);
                } else {
                    qOut += (phi - meanOut[i]) * (phi - meanOut[i]);
                }
            }
            varIn[i] = cIn > 1 ? qIn / (cIn - 1) : Double.NaN;
            varOut[i] = cOut > 1 ? qOut / (cOut - 1) : Double.NaN;
            sumSqIn += qIn;
            sumSqOut += qOut;
            dofIn += Math.max(0, cIn - 1);
            dofOut += Math.max(0, cOut - 1);
        }
        double globalIn = Math.max(MIN_VARIANCE, dofIn == 0 ? 1 : sumSqIn / dofIn);
        double globalOut = Math.max(MIN_VARIANCE, dofOut == 0 ? 1 : sumSqOut / dofOut);
        for (int i = 0; i < n; i++) {
            if (variance == Variance.GLOBAL || Double.isNaN(varIn[i])) {
                varIn[i] = globalIn;
            }
            if (variance == Variance.GLOBAL || Double.isNaN(varOut[i])) {
                varOut[i] = globalOut;
            }
            varIn[i] = Math.max(MIN_VARIANCE, varIn[i]);
            varOut[i] = Math.max(MIN_VARIANCE, varOut[i]);
            if (Double.isNaN(meanIn[i])) {
                meanIn[i] = meanOut[i];
            }
        }
        return new LiraAttack(online, meanIn, meanOut, varIn, varOut);
    }

    @Override
    public String name() {
        return online ? "LiRA (online)" : "LiRA (offline)";
    }

    @Override
    public double[] score(ModelOutputs target, int[] rows) {
        double[] out = new double[rows.length];
        for (int k = 0; k < rows.length; k++) {
            int i = rows[k];
            double phi = target.phi()[i];
            if (online) {
                out[k] = logNormal(phi, meanIn[i], varIn[i]) - logNormal(phi, meanOut[i], varOut[i]);
            } else {
                out[k] = (phi - meanOut[i]) / Math.sqrt(varOut[i]);
            }
        }
        return out;
    }

    private static double logNormal(double x, double mean, double var) {
        double d = x - mean;
        return -0.5 * (Math.log(2 * Math.PI * var) + d * d / var);
    }
}

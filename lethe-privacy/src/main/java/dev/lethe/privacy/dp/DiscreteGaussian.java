package dev.lethe.privacy.dp;

import java.math.BigInteger;

/**
 * The discrete Gaussian law on the integers, {@code P(x) ∝ exp(−x²/(2σ²))}, sampled exactly for a
 * rational σ² by rejection from a discrete Laplace (Canonne, Kamath, Steinke, NeurIPS 2020,
 * Algorithm 3). Added to an integer query of L2 sensitivity Δ it gives ρ-zCDP with ρ = Δ²/(2σ²)
 * (their Theorem 4), hence (ε, δ)-DP.
 */
public final class DiscreteGaussian {

    private final ExactRandom random;
    private final DiscreteLaplace laplace;

    public DiscreteGaussian(ExactRandom random) {
        this.random = random;
        this.laplace = new DiscreteLaplace(random);
    }

    /** One draw with variance parameter σ² = p/q > 0. */
    public BigInteger sample(Rational sigmaSquared) {
        BigInteger p = sigmaSquared.numerator();
        BigInteger q = sigmaSquared.denominator();
        if (p.signum() == 0) {
            throw new IllegalArgumentException("σ² must be positive");
        }
        BigInteger t = p.divide(q).sqrt().add(BigInteger.ONE); // ⌊σ⌋ + 1
        Rational scale = new Rational(t, BigInteger.ONE);
        BigInteger twoPQtt = BigInteger.TWO.multiply(p).multiply(q).multiply(t).multiply(t);
        while (true) {
            BigInteger y = laplace.sample(scale);
            // γ = (|y| − σ²/t)² / (2σ²) = (|y|·q·t − p)² / (2·p·q·t²)
            BigInteger diff = y.abs().multiply(q).multiply(t).subtract(p);
            if (random.bernoulliExp(diff.multiply(diff), twoPQtt)) {
                return y;
            }
        }
    }

    /** The σ² of a release of L2 sensitivity Δ that is (ε, δ)-DP, from ρ-zCDP: the ρ that gives ε at δ, then σ² = Δ²/(2ρ). */
    public static double sigmaSquaredFor(double sensitivity, double epsilon, double delta) {
        // ρ-zCDP gives (ρ + 2·sqrt(ρ·log(1/δ)), δ)-DP (Bun, Steinke 2016, Prop. 1.3); solve for ρ.
        double l = Math.log(1 / delta);
        double sqrtRho = -Math.sqrt(l) + Math.sqrt(l + epsilon);
        double rho = sqrtRho * sqrtRho;
        return sensitivity * sensitivity / (2 * rho);
    }

    /** The half-width m with {@code P(|X| > m) ≤ alpha}, from the sub-Gaussian tail {@code P(X ≥ m) ≤ e^{−m²/(2σ²)}} (CKS 2020). */
    public static long tailBound(double sigmaSquared, double alpha) {
        return (long) Math.ceil(Math.sqrt(2 * sigmaSquared * Math.log(2 / alpha)));
    }
}

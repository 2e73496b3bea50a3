package dev.lethe.models.linear;

import dev.lethe.data.DataException;
import dev.lethe.data.Dataset;
import dev.lethe.data.Magnitudes;
import dev.lethe.model.LearnerOptions;
import dev.lethe.model.OptionsLearner;
import dev.lethe.model.OptionsException;
import dev.lethe.model.Provenance;
import dev.lethe.model.Settings;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Fits L2-regularised logistic regression (binary with a sigmoid, multinomial with a softmax when
 * the target has more than two classes) to tight optimality by Newton's method, with Guo et al.'s
 * loss perturbation when ε is finite, so the model can later forget records with a certified
 * guarantee (Guo, Goldstein, Hannun, van der Maaten, "Certified Data Removal from Machine Learning
 * Models", ICML 2020) and features or labels by closed-form updates (Warnecke, Pirch, Wressnegger,
 * Rieck, "Machine Unlearning of Features and Labels", NDSS 2023). See {@link LogisticModel}.
 */
public final class LogisticLearner extends OptionsLearner<LogisticLearner.Options, LogisticModel> {

    /** What to do when the next removal would push the certified residual bound over its budget. */
    public enum BudgetPolicy {
        /** Retrain from scratch on the remaining data with a fresh perturbation; the budget resets. */
        RETRAIN,
        /** Refuse the request with a {@link dev.lethe.model.ForgetException}; the model stays unchanged. */
        REFUSE
    }

    /** The closed-form update used to forget features and relabel records (Warnecke et al. 2023). */
    public enum Update {
        /** θ ← θ − H⁻¹·Δ∇, with the Hessian of the updated data. */
        SECOND_ORDER,
        /** θ ← θ − τ·Δ∇, a single gradient step of rate τ. */
        FIRST_ORDER
    }

    /**
     * How a record removal computes its Newton step and the bound it charges to the budget
     * (see {@link LogisticModel}).
     */
    public enum Bound {
        /**
         * The Newton system is solved at the current weights by refinement passes over the remaining
         * data (O(non-zeros) each) and the bound uses per-row curvature constants: the smallest charge
         * per removal, at the cost of at least one pass over the data.
         */
        TIGHT,
        /**
         * One Newton step with the maintained (downdated) Hessian, formed at earlier weights, and a bound
         * from O(d²) quantities only (Guo et al.'s Theorem 1 remainder plus a stale-Hessian term): no pass
         * over the data, so a removal costs O(d²), but each charges more to the budget.
         */
        FAST
    }

    /**
     * How raw feature values become design columns (see {@link LogisticPreparation}, which also says
     * what a removal certifies about the preparation's statistics).
     */
    public enum Preparation {
        /**
         * Numeric values x → sign(x)·log(1 + |x|), then centred and scaled by power-of-two quantised
         * statistics of the training rows, then each row's features scaled to unit length.
         */
        LOG1P_STANDARDISE,
        /** As {@link #LOG1P_STANDARDISE} without the logarithm. */
        STANDARDISE,
        /** Values enter as they are (rows should then be of length about 1 for the certified bound to fit). */
        NONE;

        /** The setting's spelling: {@code log1p-standardise}, {@code standardise}, {@code none}. */
        public String setting() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    /**
     * Hyperparameters. All gradients and the budget are on Guo et al.'s sum scale
     * J(w) = Σᵢ ℓᵢ + (λn/2)‖w‖² + bᵀw (n times the per-record objective mean loss + λ/2‖w‖² + bᵀw/n).
     *
     * @param lambda        L2 strength λ per record (&gt; 0); the intercept is regularised too
     * @param epsilon       ε of (ε, δ)-certified removal; {@code Infinity} means no perturbation and
     *                      removals only APPROXIMATE
     * @param delta         δ of (ε, δ)-certified removal, in (0, 1)
     * @param sigma         standard deviation σ of each coordinate of the perturbation b ~ N(0, σ²I);
     *                      the gradient-residual budget is σ·ε / √(2 ln(1.5/δ)) (Guo et al., Thm. 3)
     * @param tolerance     training stops when ‖∇J‖/n ≤ tolerance
     * @param maxIterations Newton iterations at most
     * @param policy        what happens when the budget would be exceeded
     * @param update        closed-form update for feature and label unlearning
     * @param rate          step τ of the first-order update; 0 picks 1/L for a bound L on the Hessian's norm
     * @param refinements   passes over the data at most per record removal to solve the Newton system at the
     *                      current weights; each pass costs O(non-zeros) and shrinks the linear residual the
     *                      bound is charged for, so fewer passes mean faster removals but fewer per budget;
     *                      with {@code bound = fast} it caps the O(d²) refinement solves against the maintained
     *                      Hessian instead (no pass over the data)
     * @param bound         {@link Bound#FAST} (default) or {@link Bound#TIGHT}
     * @param prepare       how raw values become design columns, learned at training and stored in the model
     */
    public record Options(double lambda, double epsilon, double delta, double sigma, double tolerance,
                          int maxIterations, BudgetPolicy policy, Update update, double rate, int refinements,
                          Bound bound, Preparation prepare) implements LearnerOptions {

        /** Options with the {@link Bound#TIGHT} removal bound and no preparation (values enter as they are). */
        public Options(double lambda, double epsilon, double delta, double sigma, double tolerance,
                       int maxIterations, BudgetPolicy policy, Update update, double rate, int refinements) {
            this(lambda, epsilon, delta, sigma, tolerance, maxIterations, policy, update, rate, refinements, Bound.TIGHT,
                    Preparation.NONE);
        }

        public Options {
            if (prepare == null) {
                throw new OptionsException("logistic prepare: expected log1p-standardise, standardise or none, got null");
            }
            if (bound == null) {
                throw new OptionsException("logistic bound: expected tight or fast, got null");
            }
            if (!(lambda > 0) || !Double.isFinite(lambda)) {
                throw new OptionsException("logistic lambda: expected a finite number > 0, got " + lambda);
            }
            if (!(epsilon > 0)) {
                throw new OptionsException("logistic epsilon: expected a number > 0 or Infinity, got " + epsilon);
            }
            if (!(delta > 0 && delta < 1)) {
                throw new OptionsException("logistic delta: expected a number in (0, 1), got " + delta);
            }
            if (!(sigma > 0) || !Double.isFinite(sigma)) {
                throw new OptionsException("logistic sigma: expected a finite number > 0, got " + sigma);
            }
            if (!(tolerance > 0) || !Double.isFinite(tolerance)) {
                throw new OptionsException("logistic tolerance: expected a finite number > 0, got " + tolerance);
            }
            if (maxIterations < 1) {
                throw new OptionsException("logistic max-iterations: expected at least 1, got " + maxIterations);
            }
            if (policy == null) {
                throw new OptionsException("logistic budget-policy: expected retrain or refuse, got null");
            }
            if (update == null) {
                throw new OptionsException("logistic update: expected second-order or first-order, got null");
            }
            if (!(rate >= 0) || !Double.isFinite(rate)) {
                throw new OptionsException("logistic rate: expected a finite number ≥ 0 (0 = automatic), got " + rate);
            }
            if (refinements < 1 || refinements > 50) {
                throw new OptionsException("logistic refinements: expected a value in [1, 50], got " + refinements);
            }
        }

        /**
         * λ = 3e-3, ε = 1, δ = 1e-5, σ = 1, tolerance 1e-10, 100 iterations, retrain, second-order,
         * 8 refinements, fast bound, log1p-standardise preparation: raw data of any scale then certifies
         * most removals in O(d²) without a retrain (on Spam 392 of 400 in a row, on credit-g and Pima
         * about nine in ten; lethe-bench/results/logistic-defaults.md), at the accuracy of the unperturbed
         * model within about a point.
         */
        public static Options defaults() {
            return new Options(3e-3, 1, 1e-5, 1, 1e-10, 100, BudgetPolicy.RETRAIN, Update.SECOND_ORDER, 0, 8,
                    Bound.FAST, Preparation.LOG1P_STANDARDISE);
        }

        public Options withRefinements(int r) {
            return new Options(lambda, epsilon, delta, sigma, tolerance, maxIterations, policy, update, rate, r, bound, prepare);
        }

        public Options withEpsilon(double e) {
            return new Options(lambda, e, delta, sigma, tolerance, maxIterations, policy, update, rate, refinements, bound, prepare);
        }

        public Options withSigma(double s) {
            return new Options(lambda, epsilon, delta, s, tolerance, maxIterations, policy, update, rate, refinements, bound, prepare);
        }

        public Options withLambda(double l) {
            return new Options(l, epsilon, delta, sigma, tolerance, maxIterations, policy, update, rate, refinements, bound, prepare);
        }

        public Options withPolicy(BudgetPolicy p) {
            return new Options(lambda, epsilon, delta, sigma, tolerance, maxIterations, p, update, rate, refinements, bound, prepare);
        }

        public Options withUpdate(Update u) {
            return new Options(lambda, epsilon, delta, sigma, tolerance, maxIterations, policy, u, rate, refinements, bound, prepare);
        }

        public Options withBound(Bound m) {
            return new Options(lambda, epsilon, delta, sigma, tolerance, maxIterations, policy, update, rate, refinements, m, prepare);
        }

        public Options withPrepare(Preparation p) {
            return new Options(lambda, epsilon, delta, sigma, tolerance, maxIterations, policy, update, rate, refinements, bound, p);
        }

        /** Whether removals take the O(d²) {@link Bound#FAST} path. */
        public boolean fast() {
            return bound == Bound.FAST;
        }

        /** Whether training adds the perturbation bᵀw (ε finite). */
        public boolean perturbed() {
            return Double.isFinite(epsilon);
        }

        /** c = √(2 ln(1.5/δ)) of Guo et al.'s Gaussian mechanism. */
        public double gaussianFactor() {
            return Math.sqrt(2 * Math.log(1.5 / delta));
        }

        /** The gradient-residual budget ε' = σ·ε/c; infinite without perturbation. */
        public double budget() {
            return perturbed() ? sigma * epsilon / gaussianFactor() : Double.POSITIVE_INFINITY;
        }

        public static Options from(Settings s) {
            Options d = defaults();
            Options o = new Options(
                    s.doubleValue("lambda", d.lambda, Double.MIN_VALUE, Double.MAX_VALUE),
                    s.doubleValue("epsilon", d.epsilon, Double.MIN_VALUE, Double.POSITIVE_INFINITY),
                    s.doubleValue("delta", d.delta, Double.MIN_VALUE, Math.nextDown(1.0)),
                    s.doubleValue("sigma", d.sigma, Double.MIN_VALUE, Double.MAX_VALUE),
                    s.doubleValue("tolerance", d.tolerance, Double.MIN_VALUE, Double.MAX_VALUE),
                    s.intValue("max-iterations", d.maxIterations, 1, 100_000),
                    BudgetPolicy.valueOf(s.choice("budget-policy", "retrain", Set.of("retrain", "refuse"))
                            .toUpperCase(Locale.ROOT)),
                    Update.valueOf(s.choice("update", "second-order", Set.of("second-order", "first-order"))
                            .toUpperCase(Locale.ROOT).replace('-', '_')),
                    s.doubleValue("rate", d.rate, 0, Double.MAX_VALUE),
                    s.intValue("refinements", d.refinements, 1, 50),
                    Bound.valueOf(s.choice("bound", d.bound.name().toLowerCase(Locale.ROOT), Set.of("tight", "fast"))
                            .toUpperCase(Locale.ROOT)),
                    Preparation.valueOf(s.choice("prepare", d.prepare.setting(),
                            Set.of("log1p-standardise", "standardise", "none")).toUpperCase(Locale.ROOT).replace('-', '_')));
            s.rejectUnknown();
            return o;
        }

        /** The options as settings that {@link #from} reads back to an equal record. */
        public Map<String, String> toSettings() {
            Map<String, String> m = new LinkedHashMap<>();
            m.put("lambda", Double.toString(lambda));
            m.put("epsilon", Double.toString(epsilon));
            m.put("delta", Double.toString(delta));
            m.put("sigma", Double.toString(sigma));
            m.put("tolerance", Double.toString(tolerance));
            m.put("max-iterations", Integer.toString(maxIterations));
            m.put("budget-policy", policy.name().toLowerCase(Locale.ROOT));
            m.put("update", update.name().toLowerCase(Locale.ROOT).replace('_', '-'));
            m.put("rate", Double.toString(rate));
            m.put("refinements", Integer.toString(refinements));
            m.put("bound", bound.name().toLowerCase(Locale.ROOT));
            m.put("prepare", prepare.setting());
            return m;
        }
    }


    public LogisticLearner(Options options, long seed) {
        super(LogisticFamily.NAME, options, seed);
    }

    @Override
    public LogisticModel fit(Dataset data) {
        if (!data.schema().isClassification()) {
            throw new DataException("logistic regression needs a class label; '" + data.schema().target().name()
                    + "' is numeric");
        }
        if (data.schema().numClasses() < 2) {
            throw new DataException("logistic regression needs at least 2 classes, the target '"
                    + data.schema().target().name() + "' has " + data.schema().numClasses());
        }
        if (data.size() == 0) {
            throw new DataException("logistic regression needs at least one training row, got none");
        }
        Magnitudes.requireSafe(data, family());
        Provenance provenance = Provenance.of(family(), settings(), seed, data.fingerprint(), data.size());
        return LogisticModel.train(options, provenance, data);
    }
}

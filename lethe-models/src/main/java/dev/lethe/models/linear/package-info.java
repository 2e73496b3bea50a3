/**
 * Linear models that forget. The {@code ridge} family ({@link dev.lethe.models.linear.RidgeFamily})
 * forgets exactly; the {@code logistic} family ({@link dev.lethe.models.linear.LogisticFamily})
 * forgets records with a certified guarantee and features or labels approximately.
 *
 * <p>Ridge fits ridge regression, and a one-vs-rest ridge classifier, from the normal equations
 * (XᵀX + λD)β = XᵀY. The model keeps the Gram matrix and XᵀY in double-double arithmetic and their
 * Cholesky factor, so that forgetting a record is a rank-one downdate of the factor and a re-solve
 * (O(d²)), forgetting a feature deletes its rows and columns and refactorises (O(d³)), and a
 * relabel changes only XᵀY. The result equals retraining from scratch up to floating-point rounding.
 * Classes: {@link dev.lethe.models.linear.RidgeLearner} and {@link dev.lethe.models.linear.RidgeModel},
 * and two package-private helpers: {@code DesignLayout} (features to design columns) and
 * {@code NormalEquationsCodec} (the model file's copy of the maintained system, whose kernel is
 * {@link dev.lethe.math.NormalEquations}).
 *
 * <p>Logistic fits L2-regularised logistic regression (binary, or multinomial for more classes) by
 * Newton's method with Guo et al.'s loss perturbation (ICML 2020) and removes records by a Newton
 * step whose gradient-residual bound is charged to a certified (ε, δ) budget (option {@code bound}:
 * {@code tight}, with passes over the data, or {@code fast}, O(d²) per removal with a larger bound);
 * features and labels
 * are forgotten by Warnecke et al.'s first- and second-order updates (NDSS 2023). Classes:
 * {@link dev.lethe.models.linear.LogisticLearner} and {@link dev.lethe.models.linear.LogisticModel},
 * and package-private helpers {@code LogisticDesign} (features to design columns) and
 * {@code LogisticPreparation} (the model's own, stored feature preparation). The numeric kernels,
 * {@link dev.lethe.math.LogisticObjective}, {@link dev.lethe.math.LogisticNewton} and
 * {@link dev.lethe.math.LogisticCurvature}, live in {@code dev.lethe.math}.
 */
package dev.lethe.models.linear;

/**
 * Linear models that forget exactly. The {@code ridge} family ({@link dev.lethe.models.linear.RidgeFamily})
 * fits ridge regression, and a one-vs-rest ridge classifier, from the normal equations
 * (XᵀX + λD)β = XᵀY. The model keeps the Gram matrix and XᵀY in double-double arithmetic and their
 * Cholesky factor, so that forgetting a record is a rank-one downdate of the factor and a re-solve
 * (O(d²)), forgetting a feature deletes its rows and columns and refactorises (O(d³)), and a
 * relabel changes only XᵀY. The result equals retraining from scratch up to floating-point rounding.
 *
 * <p>Classes here: {@link dev.lethe.models.linear.RidgeLearner} and {@link dev.lethe.models.linear.RidgeModel},
 * the plug-in {@link dev.lethe.models.linear.RidgeFamily}, and two package-private helpers:
 * {@code DesignLayout} (features to design columns) and {@code NormalEquations} (the maintained system).
 */
package dev.lethe.models.linear;

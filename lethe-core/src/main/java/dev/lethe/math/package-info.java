/**
 * Dense numeric kernels shared by every family: compensated sums, Cholesky factorisation with
 * rank-one updates and downdates, small vector operations, the maintained ridge normal equations
 * ({@link dev.lethe.math.NormalEquations}) and the logistic objective, its Newton minimiser and
 * curvature constants ({@link dev.lethe.math.LogisticObjective}, {@link dev.lethe.math.LogisticNewton},
 * {@link dev.lethe.math.LogisticCurvature}). Families keep only their glue (designs, model files);
 * they do not keep private copies of kernels.
 */
package dev.lethe.math;

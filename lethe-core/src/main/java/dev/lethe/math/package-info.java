/**
 * Dense numeric kernels shared by every family: compensated sums, Cholesky factorisation with
 * rank-one updates and downdates, and small vector operations. Families do not keep private copies.
 */
package dev.lethe.math;

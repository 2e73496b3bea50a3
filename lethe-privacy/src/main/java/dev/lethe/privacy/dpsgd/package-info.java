/**
 * DP-SGD (Abadi et al., CCS 2016) for multinomial logistic regression: Poisson-sampled batches,
 * per-example gradients clipped to norm C, Gaussian noise of standard deviation σ·C, with σ chosen by
 * the RDP accountant for a target (ε, δ). The family {@code dp-logistic}; {@code lethe train --model
 * logistic --dp epsilon=E,delta=D} selects it.
 */
package dev.lethe.privacy.dpsgd;

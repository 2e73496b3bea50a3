/**
 * DP-SGD (Abadi et al., CCS 2016) for networks: the families {@code dp-mlp} and {@code dp-cnn}.
 * Per-example gradients are exact (no microbatches of several examples): one batched backward pass
 * gives each layer's output gradient per example, and each layer's algebra turns it into that
 * example's parameter gradient (outer products for dense layers, unfolded inputs for convolutions).
 * σ comes from lethe-privacy's RDP accountant; the privacy unit is one record; forgetting retrains
 * with the same seed, which is exact.
 */
package dev.lethe.djl.dp;

/**
 * Differential privacy without floating-point leaks: exact samplers of the discrete Laplace and
 * discrete Gaussian laws (Canonne, Kamath, Steinke, NeurIPS 2020) drawn from {@link java.security.SecureRandom},
 * mechanisms for integer and discretised real queries, subject-level aggregates, and the Rényi-DP
 * accountant of the subsampled Gaussian mechanism used by DP-SGD (Mironov 2017; Mironov, Talwar,
 * Zhang 2019).
 */
package dev.lethe.privacy.dp;

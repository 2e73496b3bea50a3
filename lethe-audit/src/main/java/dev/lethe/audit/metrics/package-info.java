/**
 * Metrics of membership inference and forgetting: ROC curves with AUC and TPR at a fixed low FPR
 * (the figures Carlini et al. 2022 argue for), bootstrap confidence intervals, and the per-example ε
 * and forgetting-quality score of the NeurIPS 2023 Machine Unlearning Challenge. Pure functions of
 * scores: no models here.
 */
package dev.lethe.audit.metrics;

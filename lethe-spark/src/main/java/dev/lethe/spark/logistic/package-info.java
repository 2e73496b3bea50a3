/**
 * Logistic regression on Spark by distributed aggregation: the loss's gradient and Hessian at fixed
 * weights are additive over rows ({@link dev.lethe.spark.logistic.LogisticTerms}), so each Newton
 * iteration is one {@code treeAggregate}, and a forget subtracts the forgotten rows' terms, read by a
 * pushed-down predicate, before Guo et al.'s Newton removal step (ICML 2020).
 */
package dev.lethe.spark.logistic;

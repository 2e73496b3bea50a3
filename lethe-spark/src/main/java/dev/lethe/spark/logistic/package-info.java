/**
 * Logistic regression on Spark by distributed aggregation: the loss's gradient and Hessian at fixed
 * weights are additive over rows ({@link dev.lethe.spark.logistic.LogisticTerms}), so each Newton
 * iteration is one {@code treeAggregate}, and a forget subtracts the forgotten rows' terms, read by a
 * pushed-down predicate, before Guo et al.'s Newton removal step (ICML 2020). As the registry family
 * {@code lake-logistic} ({@link dev.lethe.spark.logistic.LakeLogisticModel}) a home trains it on a lake dataset
 * and the workflow's lake erase step makes it forget.
 */
package dev.lethe.spark.logistic;

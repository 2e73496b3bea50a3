/**
 * Linear model families: {@code ridge} (ridge regression) and {@code logistic} (L2-regularised
 * logistic regression with certified record removal after Guo et al., ICML 2020, and closed-form
 * feature and label unlearning after Warnecke et al., NDSS 2023). Each family is a
 * {@code <Family>Learner} / {@code <Family>Model} pair registered as a
 * {@link dev.lethe.model.ModelFamily}; the dense kernels they share live in {@code dev.lethe.math}.
 */
package dev.lethe.models.linear;

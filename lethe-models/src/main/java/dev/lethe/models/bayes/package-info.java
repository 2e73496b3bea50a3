/**
 * Naive Bayes that forgets exactly: Gaussian likelihoods for numeric features, smoothed categorical
 * likelihoods for categorical ones, and empirical class priors, all computed from per-class
 * sufficient statistics (counts, and double-double sums of x and x²). Forgetting a record subtracts
 * its statistics in O(features); forgetting a feature drops its likelihood term; forgetting a class
 * clears its statistics; a relabel moves a record's statistics between classes. The result equals
 * the same learner retrained on the remaining data, which is what the family's tests check.
 *
 * <p>This is the "summation form" route to unlearning of Cao and Yang, "Towards Making Systems
 * Forget with Machine Unlearning" (IEEE S&amp;P 2015): the model is a function of sums over the
 * training records, so removing a record is subtracting its terms. Variances come from those sums
 * without cancellation ({@link dev.lethe.math.CompensatedMoments}); variance smoothing follows
 * scikit-learn's GaussianNB.
 */
package dev.lethe.models.bayes;

/**
 * Exact k-nearest-neighbours classification and regression that forgets by deleting from its
 * index ({@link dev.lethe.models.neighbours.KnnLearner}, {@link dev.lethe.models.neighbours.KnnModel},
 * family {@code knn}).
 *
 * <p>k-NN (Cover &amp; Hart, "Nearest neighbor pattern classification", IEEE Trans. Inf. Theory 13, 1967)
 * is a lazy learner: the model <em>is</em> its training set, so forgetting a record means removing
 * it from the search structure, and the result is exactly the model retrained without it. The
 * neighbour search uses a k-d tree (Bentley, "Multidimensional binary search trees used for
 * associative searching", CACM 18(9), 1975; search as in Friedman, Bentley &amp; Finkel, ACM TOMS 3(3),
 * 1977) whose deletion marks a record dead and updates live counts along one root path.
 */
package dev.lethe.models.neighbours;

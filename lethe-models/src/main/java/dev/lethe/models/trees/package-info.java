/**
 * Random forests that forget exactly: the {@code forest} family.
 *
 * <p>The design follows two published exact-unlearning forests, in our own code:
 * <ul>
 *   <li>Brophy &amp; Lowd, "Machine Unlearning for Random Forests" (DaRE), ICML 2021: every node
 *       caches the statistics that decide its split (per candidate threshold, the class counts or
 *       target sums on its left side); the top {@code topd} levels split at random, the levels below
 *       choose greedily among {@code k} sampled candidate thresholds; leaves keep their records; a
 *       deletion updates statistics along the record's paths and retrains only the subtrees whose
 *       split is no longer the one training would choose.</li>
 *   <li>Liu et al., "DynFrs: An Efficient Framework for Machine Unlearning in Random Forest",
 *       ICLR 2025: each record is given to only ⌈q·T⌉ of the T trees (OCC(q)), so a deletion
 *       touches few trees, and subtree retraining is lazy: deferred until a prediction reaches the
 *       subtree or {@link dev.lethe.models.trees.ForestModel#compact()} is called.</li>
 * </ul>
 *
 * <p>Every random choice (a record's trees, a node's features, its candidate thresholds, a random
 * split) is a function of the seed, the tree, the node's path and record IDs, never of a shared
 * random stream, so a retrained subtree is the very subtree training would grow there on the
 * remaining data. {@link dev.lethe.models.trees.GreedyForest} is a conventional (bootstrap,
 * exhaustive greedy) random forest, the baseline for accuracy and training time.
 */
package dev.lethe.models.trees;

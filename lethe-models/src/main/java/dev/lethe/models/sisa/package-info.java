/**
 * SISA training (Bourtoule, Chandrasekaran, Choquette-Choo, Jia, Travers, Zhang, Lie and Papernot,
 * "Machine Unlearning", IEEE Symposium on Security and Privacy 2021): the training data is split
 * into S disjoint <em>shards</em>, one constituent model is trained on each in isolation, each shard
 * is cut into R <em>slices</em> with a checkpoint after each slice, and predictions are
 * <em>aggregated</em> over the constituents. Forgetting a record retrains only the constituent of
 * its shard, from the checkpoint taken before its slice, which makes any deterministic learner
 * exactly unlearnable.
 *
 * <p>{@link dev.lethe.models.sisa.SisaFamily} is the {@code sisa} plug-in; {@link dev.lethe.models.sisa.Placement}
 * decides shard and slice of each record as a pure function of the seed and the record, so the
 * partition of D \ S is the partition of D minus S, and a model that forgot S equals
 * {@code sisa} trained from scratch on D \ S bit for bit.
 */
package dev.lethe.models.sisa;

/** SISA's shards as Spark tasks: the Spark shard runner plug-in and its per-shard artifacts. */
package dev.lethe.spark.sisa;

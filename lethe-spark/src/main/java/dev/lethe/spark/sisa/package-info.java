/**
 * SISA's shards as Spark tasks: the Spark shard runner plug-in and its per-task artifacts (a transport),
 * and {@link dev.lethe.spark.sisa.HadoopShardFiles}, where a sisa model keeps its shards as files
 * ({@code shardsAt}) through Hadoop's FileSystem.
 */
package dev.lethe.spark.sisa;

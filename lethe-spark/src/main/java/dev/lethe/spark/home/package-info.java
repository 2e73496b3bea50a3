/**
 * Lake datasets in a Lethe home: registration ({@code lethe spark import --home}, table V115), the
 * lake models trained on them as registry models ({@code lake-nb}, {@code lake-ridge}, {@code lake-logistic}), and the
 * workflow's erase step for them ({@link dev.lethe.spark.home.LakeErasureTarget}, an engine
 * {@link dev.lethe.engine.ErasureTarget} found by {@link java.util.ServiceLoader}). Also sisa models
 * of a home kept as shard files ({@link dev.lethe.spark.home.SisaHomeModels}) and the deletion of the
 * files no stored version lists ({@link dev.lethe.spark.home.ShardFileSweep}, run after every batch by
 * {@link dev.lethe.spark.home.ShardFileTarget}).
 */
package dev.lethe.spark.home;

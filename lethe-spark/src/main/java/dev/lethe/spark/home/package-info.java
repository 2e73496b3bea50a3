/**
 * Lake datasets in a Lethe home: registration ({@code lethe spark import --home}, table V115), the
 * lake models trained on them as registry models ({@code lake-nb}, {@code lake-ridge}), and the
 * workflow's erase step for them ({@link dev.lethe.spark.home.LakeErasureTarget}, an engine
 * {@link dev.lethe.engine.ErasureTarget} found by {@link java.util.ServiceLoader}).
 */
package dev.lethe.spark.home;

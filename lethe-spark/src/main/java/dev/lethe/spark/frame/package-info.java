/** Between Spark DataFrames and Lethe datasets: schemas, levels and row encoding. */
package dev.lethe.spark.frame;

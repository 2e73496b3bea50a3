/** Spark ML integration: an estimator that trains any Lethe family and a transformer model that forgets. */
package dev.lethe.spark.ml;

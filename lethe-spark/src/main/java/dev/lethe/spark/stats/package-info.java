/** Decremental nb and ridge on Spark: sufficient statistics aggregated once, forgotten by subtraction. */
package dev.lethe.spark.stats;

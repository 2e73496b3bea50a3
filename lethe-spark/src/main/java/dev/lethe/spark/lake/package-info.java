/** Lake datasets: Delta tables with record IDs, imported once and erased so that the bytes leave the lake. */
package dev.lethe.spark.lake;

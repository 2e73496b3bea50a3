/** Lethe on Apache Spark: the embedded local session and what every part of the module shares. */
package dev.lethe.spark;

/** {@code lethe bench spark}: training and forgetting timed on local Spark masters. */
package dev.lethe.spark.bench;

/** The {@code lethe spark} commands, run by the launcher script or by spark-submit. */
package dev.lethe.spark.cli;

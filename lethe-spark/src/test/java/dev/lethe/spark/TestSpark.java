package dev.lethe.spark;

import org.apache.spark.sql.SparkSession;

/**
 * The one local session every test of this module shares: two cores, a failed task retried once,
 * and no whole-stage code generation or adaptive planning, which cost more than they save on the
 * few rows a test has.
 */
public final class TestSpark {

    private TestSpark() {
    }

    public static SparkSession session() {
        return LocalSpark.session("local[2,2]", java.util.Map.of("spark.sql.codegen.wholeStage", "false",
                "spark.sql.adaptive.enabled", "false"));
    }
}

package dev.lethe.spark;

import org.apache.spark.sql.SparkSession;

/** The one local session every test of this module shares: two cores, a failed task retried once. */
public final class TestSpark {

    private TestSpark() {
    }

    public static SparkSession session() {
        return LocalSpark.session("local[2,2]");
    }
}

package shop;

import java.util.Properties;
import org.apache.spark.ml.classification.LogisticRegression;
import org.apache.spark.ml.classification.LogisticRegressionModel;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/** Nightly churn model on the orders database. */
public final class SparkChurnJob {

    public static void main(String[] args) {
        SparkSession spark = SparkSession.builder().appName("churn").getOrCreate();
        Dataset<Row> orders = spark.read().jdbc("jdbc:postgresql://db/shop", "orders", new Properties());
        Dataset<Row> selected = orders.select("customer_email", "phone", "total", "age", "returned")
                .drop("customer_email");
        VectorAssembler assembler = new VectorAssembler()
                .setInputCols(new String[] {"phone", "total", "age"})
                .setOutputCol("features");
        Dataset<Row> train = assembler.transform(selected);
        LogisticRegression lr = new LogisticRegression().setLabelCol("returned");
        LogisticRegressionModel model = lr.fit(train);
        model.write().overwrite().save("models/churn");
    }
}

package shop;

import java.nio.file.Paths;
import org.tribuo.Model;
import org.tribuo.MutableDataset;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.classification.sgd.linear.LogisticRegressionTrainer;
import org.tribuo.data.csv.CSVLoader;

/** Fraud classifier trained with Tribuo. */
public final class TribuoTrainer {

    public Model<Label> train() throws Exception {
        var loader = new CSVLoader<>(new LabelFactory());
        var source = loader.loadDataSource(Paths.get("data/transactions.csv"), "fraud");
        var dataset = new MutableDataset<>(source);
        var trainer = new LogisticRegressionTrainer();
        return trainer.train(dataset);
    }
}

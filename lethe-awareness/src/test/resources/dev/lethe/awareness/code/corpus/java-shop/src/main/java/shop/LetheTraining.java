package shop;

import dev.lethe.data.DatasetReader;
import dev.lethe.data.ReadOptions;
import dev.lethe.model.Learner;
import dev.lethe.model.Model;
import java.nio.file.Path;

/** Trains through Lethe, so erasure requests reach the model. */
public final class LetheTraining {

    public Model train(Learner learner) {
        var data = DatasetReader.read(Path.of("data/customers.csv"), ReadOptions.label("churned"));
        return learner.fit(data.dataset());
    }
}

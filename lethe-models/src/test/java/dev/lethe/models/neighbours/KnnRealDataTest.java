package dev.lethe.models.neighbours;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lethe.data.Dataset;
import dev.lethe.data.DatasetReader;
import dev.lethe.data.ReadOptions;
import dev.lethe.model.Evaluation;
import dev.lethe.model.ExactnessReport;
import dev.lethe.model.ForgetRequest;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Sanity on real data: Statlog Satellite (6,435 rows, 36 features, 6 classes). */
class KnnRealDataTest {

    @Test
    void classifiesSatelliteWellAndStaysAccurateAndExactAfterForgetting() throws URISyntaxException {
        Path file = Path.of(KnnRealDataTest.class.getResource("mlbench_Satellite.csv.gz").toURI());
        Dataset data = DatasetReader.read(file, ReadOptions.label("classes")).dataset();
        Dataset.Split split = data.split(0.8, 11);
        Dataset train = split.first();
        Dataset test = split.second();
        KnnLearner learner = new KnnLearner(new KnnLearner.Options(), 11);
        KnnModel model = learner.fit(train);
        double before = Evaluation.of(model, test).accuracy();
        assertThat(before).as("held-out accuracy of 5-NN (published 1-NN/k-NN results are about 0.89-0.91)")
                .isGreaterThan(0.87);

        Random r = new Random(5);
        Set<Long> forgotten = new HashSet<>();
        while (forgotten.size() < train.size() / 20) {
            forgotten.add(train.recordId(r.nextInt(train.size())));
        }
        for (long id : forgotten) {
            model.forget(ForgetRequest.Records.of(id));
        }
        model.forget(new ForgetRequest.Feature("x.17"));
        assertThat(Evaluation.of(model, test).accuracy()).isGreaterThan(0.85);

        ExactnessReport report = new KnnFamily().verify(model, train);
        assertThat(report.passed()).as(report.toString()).isTrue();
        assertThat(report.disagreements()).isZero();
    }
}

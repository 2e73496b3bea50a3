package dev.lethe.bench;

import dev.lethe.data.Dataset;
import dev.lethe.data.DatasetReader;
import dev.lethe.data.IdxReader;
import dev.lethe.data.ReadOptions;
import dev.lethe.data.Transforms;
import java.nio.file.Path;
import java.util.List;

/**
 * The two datasets of the logistic benchmark, prepared as Guo et al. (ICML 2020) prepare theirs:
 * <ul>
 *   <li>MNIST digits 3 versus 8 (train: 11,982 images, test: 1,984), each image's pixel vector
 *       scaled to unit L2 norm (Guo et al. assume ‖xᵢ‖ ≤ 1);</li>
 *   <li>Spam (UCI Spambase, 4,601 rows, label {@code type}): each feature log(1 + x)-transformed and
 *       z-scored (the raw columns are heavy-tailed), then each row scaled to unit L2 norm; split
 *       80/20 with seed 7.</li>
 * </ul>
 */
final class LogisticBenchData {

    record TrainTest(String name, Dataset train, Dataset test) {
    }

    private LogisticBenchData() {
    }

    static TrainTest mnist(Path datasets) {
        Dataset train = Transforms.unitRows(threeVersusEight(IdxReader.read(datasets.resolve("mnist")).dataset()));
        Dataset test = Transforms.unitRows(threeVersusEight(IdxReader.readTestSplit(datasets.resolve("mnist"))));
        return new TrainTest("mnist-3v8", train, test);
    }

    static TrainTest spam(Path datasets) {
        Dataset raw = DatasetReader.read(datasets.resolve("kernlab_spam.csv.gz"), ReadOptions.label("type")).dataset();
        Dataset.Split split = Transforms.unitRows(Transforms.log1pStandardised(raw)).split(0.8, 7);
        return new TrainTest("spam", split.first(), split.second());
    }

    static Dataset threeVersusEight(Dataset digits) {
        return Transforms.onlyClasses(digits, List.of("3", "8"));
    }
}

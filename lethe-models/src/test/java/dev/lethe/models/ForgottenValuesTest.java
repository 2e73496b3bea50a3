package dev.lethe.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lethe.data.DataException;
import dev.lethe.data.Dataset;
import dev.lethe.data.DatasetReader;
import dev.lethe.data.ReadOptions;
import dev.lethe.model.ExactnessReport;
import dev.lethe.model.ForgetReceipt;
import dev.lethe.model.ForgetRequest;
import dev.lethe.model.Guarantee;
import dev.lethe.model.ModelFamilies;
import dev.lethe.model.ModelFamily;
import dev.lethe.model.ModelFile;
import dev.lethe.model.UnlearnableModel;
import dev.lethe.testing.Exactness;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A category value (a city) and a class that only one subject's rows had must leave every family's
 * model — its dictionaries, its file — when that subject is forgotten, exactly as a model retrained
 * on the remaining records would not know them.
 */
class ForgottenValuesTest {

    private static final String CITY = "Zurich-Enge-7";
    private static final String OUTCOME = "rare-outcome";
    private static final String SUBJECT = "subject-rare";

    @TempDir
    Path dir;

    private Path write(String name, boolean withRareSubject) throws IOException {
        StringBuilder csv = new StringBuilder("id,subject,x,city,y\n");
        Random r = new Random(5);
        String[] cities = {"Basel", "Bern", "Geneva"};
        for (int i = 0; i < 60; i++) {
            double x = Math.rint(r.nextGaussian() * 100) / 10;
            String city = cities[i % 3];
            String y = x + (i % 3) + r.nextGaussian() > 1 ? "yes" : "no";
            csv.append(i).append(",s").append(i % 20).append(',').append(x).append(',').append(city).append(',').append(y)
                    .append('\n');
        }
        for (int i = 60; withRareSubject && i < 63; i++) {
            csv.append(i).append(',').append(SUBJECT).append(',').append(i - 58).append(',').append(CITY).append(',')
                    .append(OUTCOME).append('\n');
        }
        Path file = dir.resolve(name);
        Files.writeString(file, csv);
        return file;
    }

    private static final ReadOptions OPTIONS = ReadOptions.label("y").withId("id").withSubject("subject");

    @ParameterizedTest
    @ValueSource(strings = {"nb", "knn", "forest", "ridge", "logistic", "sisa"})
    void aValueOnlyAForgottenSubjectHadLeavesTheModelAndItsFile(String name) throws IOException {
        ModelFamily family = ModelFamilies.byName(name);
        Dataset data = DatasetReader.read(write("all.csv", true), OPTIONS).dataset();
        UnlearnableModel model = family.learner(Map.of(), 3).fit(data);
        assertThat(model.schema().feature(1).liveLevels()).contains(CITY);

        ForgetReceipt receipt = model.forget(new ForgetRequest.Subject(SUBJECT));
        assertThat(receipt.recordCount()).isEqualTo(3);

        assertThat(model.schema().feature(1).liveLevels()).containsExactlyInAnyOrder("Basel", "Bern", "Geneva");
        assertThat(model.schema().target().liveLevels()).containsExactlyInAnyOrder("no", "yes");
        UnlearnableModel loaded = ModelFile.fromBytes(ModelFile.toBytes(model));
        for (UnlearnableModel m : new UnlearnableModel[] {model, loaded}) {
            String bytes = new String(ModelFile.toBytes(m), StandardCharsets.ISO_8859_1);
            assertThat(bytes).doesNotContain(CITY).doesNotContain(OUTCOME).doesNotContain(SUBJECT);
        }
        assertThat(loaded.schema()).isEqualTo(model.schema());
        assertThat(loaded.stateDigest()).isEqualTo(model.stateDigest());

        // the same dictionaries, and the same predictions, as a model retrained on what remains
        UnlearnableModel retrained = family.learner(Map.of(), 3).fit(model.history().applyTo(data));
        Exactness.assertSameDictionaries(loaded, retrained, data);
        ExactnessReport report = family.verify(loaded, data);
        if (receipt.guarantee() == Guarantee.EXACT) {
            assertThat(report.passed()).as(report.toString()).isTrue();
        } else { // a certified removal is close to retraining, not equal: its predictions agree
            assertThat(report.disagreements()).as(report.toString()).isZero();
        }

        // a model trained on a file that never held the subject knows the same values
        UnlearnableModel fresh = family.learner(Map.of(), 3).fit(DatasetReader.read(write("rest.csv", false), OPTIONS).dataset());
        assertThat(Exactness.dictionaries(loaded.schema())).isEqualTo(Exactness.dictionaries(fresh.schema()));

        // the forgotten value is now unknown to the model, as to the fresh one: reading it names line and column
        Path probe = dir.resolve("probe.csv");
        Files.writeString(probe, "id,subject,x,city,y\n1,a,0.5,Bern,yes\n2,b,0.5," + CITY + ",no\n");
        for (UnlearnableModel m : new UnlearnableModel[] {loaded, fresh}) {
            assertThatThrownBy(() -> DatasetReader.readFor(probe, OPTIONS, m.schema(), Map.of()))
                    .isInstanceOf(DataException.class).hasMessageContaining("line 3").hasMessageContaining("'city'")
                    .hasMessageContaining("is not one of the known values [Basel, Bern, Geneva]");
        }
    }
}

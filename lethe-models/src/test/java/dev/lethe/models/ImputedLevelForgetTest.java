package dev.lethe.models;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lethe.data.DatasetReader;
import dev.lethe.data.LoadedData;
import dev.lethe.data.MissingPolicy;
import dev.lethe.data.ReadOptions;
import dev.lethe.model.ForgetRequest;
import dev.lethe.model.ImputationValues;
import dev.lethe.model.ModelFamilies;
import dev.lethe.model.ModelFile;
import dev.lethe.model.UnlearnableModel;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A most-frequent level recorded for {@code --missing impute} can be a forgotten value: once a forget
 * tombstones it, the recorded value becomes the level a retrain on the remaining records would impute,
 * and a forgotten feature's value is dropped; the string is in neither the model nor its file.
 */
class ImputedLevelForgetTest {

    private static final String CITY = "Zurich-Enge-7";
    private static final String KEY = ImputationValues.PREFIX + "city";
    private static final ReadOptions OPTIONS = ReadOptions.label("y").withId("id").withSubject("subject")
            .withMissing(MissingPolicy.IMPUTE);

    @TempDir
    Path dir;

    /** 40 rows of three cities (Geneva the most frequent), then 25 rows of CITY for one subject, one with no city. */
    private Path write(String name, boolean withSubject) throws IOException {
        StringBuilder csv = new StringBuilder("id,subject,x,city,y\n");
        String[] cities = {"Basel", "Bern", "Geneva", "Geneva"};
        for (int i = 0; i < 40; i++) {
            csv.append(i).append(",s").append(i % 10).append(',').append(i % 7).append(',').append(cities[i % 4]).append(',')
                    .append(i % 3 == 0 ? "yes" : "no").append('\n');
        }
        for (int i = 40; withSubject && i < 65; i++) {
            csv.append(i).append(",rare,").append(i % 5).append(',').append(i == 64 ? "NA" : CITY).append(',')
                    .append(i % 2 == 0 ? "yes" : "no").append('\n');
        }
        Path file = dir.resolve(name);
        Files.writeString(file, csv);
        return file;
    }

    @ParameterizedTest
    @ValueSource(strings = {"nb", "forest"})
    void aTombstonedImputationLevelIsReplacedByTheOneARetrainWouldImpute(String family) throws IOException {
        LoadedData all = DatasetReader.read(write("all.csv", true), OPTIONS);
        assertThat(all.imputation()).containsEntry("city", CITY);
        UnlearnableModel model = ModelFamilies.byName(family).learner(Map.of(), 3).fit(all.dataset());
        Map<String, String> source = new LinkedHashMap<>();
        source.put("file", "all.csv");
        all.imputation().forEach((column, value) -> source.put(ImputationValues.PREFIX + column, value));
        model.recordSource(source);

        model.forget(new ForgetRequest.Subject("rare"));

        LoadedData rest = DatasetReader.read(write("rest.csv", false), OPTIONS.withMissing(MissingPolicy.IMPUTE));
        String retrained = mostFrequent(rest);
        assertThat(model.provenance().source()).containsEntry(KEY, retrained).containsEntry("file", "all.csv");
        assertThat(retrained).isEqualTo("Geneva");
        for (UnlearnableModel m : new UnlearnableModel[] {model, ModelFile.fromBytes(ModelFile.toBytes(model))}) {
            assertThat(new String(ModelFile.toBytes(m), StandardCharsets.ISO_8859_1)).doesNotContain(CITY);
            assertThat(m.provenance().source()).containsEntry(KEY, "Geneva");
        }

        model.forget(new ForgetRequest.Feature("city"));
        assertThat(model.provenance().source()).doesNotContainKey(KEY).containsEntry("file", "all.csv");
    }

    /** What reading the remaining records' file imputes for the city: its most frequent level. */
    private static String mostFrequent(LoadedData rest) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        int j = rest.dataset().schema().indexOf("city");
        for (int i = 0; i < rest.dataset().size(); i++) {
            counts.merge(rest.dataset().schema().feature(j).levels().get((int) rest.dataset().value(i, j)), 1, Integer::sum);
        }
        return counts.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow().getKey();
    }
}

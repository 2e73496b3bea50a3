package dev.lethe.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lethe.data.Dataset;
import dev.lethe.data.DataException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ErrorMessagesTest {

    @Test
    void shortListsOfNamesAreShownWholeAndLongOnesAreCut() {
        assertThat(LetheException.names(List.of("age", "income"))).isEqualTo("[age, income]");
        List<String> pixels = new ArrayList<>();
        IntStream.range(0, 784).forEach(i -> pixels.add("pixel" + i));
        String listed = LetheException.names(pixels);
        assertThat(listed).startsWith("[pixel0, pixel1,").contains("pixel19").doesNotContain("pixel20")
                .endsWith("… (784 in all)]");
        assertThat(listed.length()).isLessThan(300);
    }

    @Test
    void anUnknownFeatureOfAWideDatasetGivesAOneLineMessageOfBoundedLength() {
        Dataset data = dev.lethe.testing.RandomData.classification(1, 3, 100, 0, 2);
        assertThatThrownBy(() -> data.withoutFeatures(java.util.Set.of("no-such-feature")))
                .isInstanceOf(DataException.class)
                .hasMessageContaining("unknown feature 'no-such-feature'")
                .hasMessageContaining("in all)]")
                .satisfies(e -> assertThat(e.getMessage().length()).isLessThan(400));
    }
}

package dev.lethe.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class ModelFamiliesTest {

    @Test
    void familiesAreLoadedOnceAndSharedAcrossCallsAndThreads() throws Exception {
        ModelFamily first = ModelFamilies.byName("test-prior");
        assertThat(ModelFamilies.byName("test-prior")).isSameAs(first);
        assertThat(ModelFamilies.all()).isSameAs(ModelFamilies.all());
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Callable<ModelFamily>> lookups = new ArrayList<>();
            for (int i = 0; i < 32; i++) {
                lookups.add(() -> ModelFamilies.byName("test-prior"));
            }
            for (Future<ModelFamily> f : pool.invokeAll(lookups)) {
                assertThat(f.get()).isSameAs(first);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThatThrownBy(() -> ModelFamilies.byName("nope")).isInstanceOf(OptionsException.class)
                .hasMessageContaining("unknown model family 'nope'").hasMessageContaining("test-prior");
    }
}

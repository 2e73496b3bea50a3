package dev.lethe.audit.reference;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lethe.data.Dataset;
import dev.lethe.data.Schema;
import dev.lethe.model.Model;
import dev.lethe.model.Provenance;
import dev.lethe.testing.RandomData;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The on-disk cache of {@code --verify}'s references: reused per request, keyed, invalidated, and free of forgotten data. */
class ReferenceCacheTest {

    @TempDir
    Path dir;

    /** A stand-in reference whose only parameter is one number. */
    record Weight(double w) implements Model {
        @Override
        public String family() {
            return "test";
        }

        @Override
        public Schema schema() {
            return null;
        }

        @Override
        public Provenance provenance() {
            return null;
        }

        @Override
        public double predict(double[] row) {
            return w;
        }
    }

    static final ReferenceCache.Codec CODEC = new ReferenceCache.Codec() {
        @Override
        public byte[] write(Model reference) {
            return ByteBuffer.allocate(8).putDouble(((Weight) reference).w()).array();
        }

        @Override
        public Model read(long seed, byte[] bytes) throws IOException {
            if (bytes.length != 8) {
                throw new IOException("not a weight");
            }
            return new Weight(ByteBuffer.wrap(bytes).getDouble());
        }
    };

    final AtomicInteger trainings = new AtomicInteger();

    Supplier<ReferenceModels> training(int k) {
        return () -> {
            int t = trainings.incrementAndGet();
            List<Model> models = new ArrayList<>();
            long[] seeds = new long[k];
            for (int i = 0; i < k; i++) {
                models.add(new Weight(t * 100 + i));
                seeds[i] = ReferenceModels.seed(7, i);
            }
            return new ReferenceModels(models, seeds, 1234);
        };
    }

    static ReferenceCache.Key key(String model, String forget) {
        return new ReferenceCache.Key(model, forget, "mlp {epochs=5}", 3, 7);
    }

    @Test
    void aRepeatedVerificationOfTheSameRequestReadsTheReferencesInsteadOfRetraining() {
        ReferenceCache cache = ReferenceCache.nextTo(dir.resolve("net.lethe"));
        assertThat(cache.dir()).isEqualTo(dir.resolve("net.lethe.references"));
        ReferenceModels first = cache.trainOrLoad(key("m1", "f1"), CODEC, training(3));
        assertThat(cache.contains(key("m1", "f1"))).isTrue();
        ReferenceModels again = cache.trainOrLoad(key("m1", "f1"), CODEC, training(3));
        assertThat(trainings).hasValue(1);
        assertThat(again.models()).isEqualTo(first.models());
        assertThat(again.seeds()).containsExactly(first.seeds());
        assertThat(again.trainingNanos()).isEqualTo(1234);

        // another forget set, K or seed is another request: trained, and both entries are kept for this model version
        cache.trainOrLoad(key("m1", "f2"), CODEC, training(3));
        cache.trainOrLoad(new ReferenceCache.Key("m1", "f1", "mlp {epochs=5}", 3, 8), CODEC, training(3));
        assertThat(trainings).hasValue(3);
        assertThat(cache.contains(key("m1", "f1"))).isTrue();
    }

    @Test
    void anotherModelVersionDeletesTheOldEntriesAndClearRemovesTheFolder() throws IOException {
        ReferenceCache cache = new ReferenceCache(dir.resolve("refs"));
        cache.trainOrLoad(key("m1", "f1"), CODEC, training(3));
        cache.trainOrLoad(key("m1", "f2"), CODEC, training(3));
        try (var files = Files.list(cache.dir())) {
            assertThat(files).hasSize(2);
        }
        cache.trainOrLoad(key("m2", "f1"), CODEC, training(3));
        assertThat(cache.contains(key("m1", "f1"))).isFalse();
        assertThat(cache.contains(key("m1", "f2"))).isFalse();
        assertThat(cache.contains(key("m2", "f1"))).isTrue();
        cache.clear();
        assertThat(cache.dir()).doesNotExist();
        cache.trainOrLoad(key("m2", "f1"), CODEC, training(3));
        assertThat(trainings).hasValue(4);
    }

    @Test
    void aDamagedEntryIsRetrainedNotTrusted() throws IOException {
        ReferenceCache cache = new ReferenceCache(dir.resolve("refs"));
        cache.trainOrLoad(key("m1", "f1"), CODEC, training(3));
        Path entry;
        try (var files = Files.list(cache.dir())) {
            entry = files.findFirst().orElseThrow();
        }
        byte[] bytes = Files.readAllBytes(entry);
        Files.write(entry, java.util.Arrays.copyOf(bytes, bytes.length - 3));
        ReferenceModels again = cache.trainOrLoad(key("m1", "f1"), CODEC, training(3));
        assertThat(trainings).hasValue(2);
        assertThat(again.models().get(0)).isEqualTo(new Weight(200));
    }

    @Test
    void theForgetSetIsStoredAsADigestOfItsIdsOnly() throws IOException {
        Dataset data = RandomData.classification(3, 40, 2, 0, 2);
        Dataset forget = data.select(new int[] {4, 9, 17});
        Dataset reordered = data.select(new int[] {17, 4, 9});
        String digest = ReferenceCache.forgetDigest(forget);
        assertThat(ReferenceCache.forgetDigest(reordered)).isEqualTo(digest);
        assertThat(ReferenceCache.forgetDigest(data.select(new int[] {4, 9}))).isNotEqualTo(digest);

        ReferenceCache cache = new ReferenceCache(dir.resolve("refs"));
        cache.trainOrLoad(new ReferenceCache.Key("m1", digest, "mlp {}", 3, 7), CODEC, training(3));
        try (var files = Files.list(cache.dir())) {
            for (Path p : files.toList()) {
                String text = new String(Files.readAllBytes(p), StandardCharsets.ISO_8859_1) + p.getFileName();
                for (int i = 0; i < forget.size(); i++) {
                    long id = forget.recordId(i);
                    assertThat(text).doesNotContain(digest).doesNotContain(Long.toString(id))
                            .doesNotContain(new String(ByteBuffer.allocate(8).putLong(id).array(), StandardCharsets.ISO_8859_1));
                }
            }
        }
    }
}

package dev.lethe.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.DataInputStream;
import java.util.HashSet;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SecretSeedTest {

    /** A family that only says whether its seed is secret. */
    private record Family(boolean secret) implements ModelFamily {
        @Override
        public String name() {
            return "test";
        }

        @Override
        public String description() {
            return "test";
        }

        @Override
        public Learner<?> learner(Map<String, String> settings, long seed) {
            throw new UnsupportedOperationException();
        }

        @Override
        public UnlearnableModel read(DataInputStream in, int stateVersion) {
            throw new UnsupportedOperationException();
        }

        @Override
        public boolean seedIsSecret() {
            return secret;
        }
    }

    @Test
    void aSecretSeedIsDrawnAfreshUnlessOneIsGiven() {
        ModelFamily secret = new Family(true);
        Set<Long> drawn = new HashSet<>();
        for (int i = 0; i < 20; i++) {
            drawn.add(secret.seedFor(OptionalLong.empty(), 42));
        }
        assertThat(drawn).hasSize(20).doesNotContain(42L);
        assertThat(secret.seedFor(OptionalLong.of(7), 42)).isEqualTo(7);
    }

    @Test
    void anOrdinaryFamilyTakesTheUsualSeed() {
        ModelFamily plain = new Family(false);
        assertThat(plain.seedFor(OptionalLong.empty(), 42)).isEqualTo(42);
        assertThat(plain.seedFor(OptionalLong.of(7), 42)).isEqualTo(7);
        assertThat(ModelFamilies.seedIsSecret("no-such-family")).isFalse();
        assertThat(ModelFamilies.seedFor("no-such-family", OptionalLong.empty(), 42)).isEqualTo(42);
        assertThat(ModelFamilies.seedFor("no-such-family", OptionalLong.of(7), 42)).isEqualTo(7);
        assertThat(ModelFamilies.names()).allSatisfy(name -> assertThat(ModelFamilies.seedIsSecret(name)).isFalse());
    }
}

package dev.lethe.privacy.anonymise;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lethe.model.InvalidInputException;
import dev.lethe.model.NotFoundException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PseudonymsTest {

    @TempDir
    Path home;

    @Test
    void stableUnderOneKeyAndDifferentAfterRotation() throws Exception {
        Pseudonyms first = Pseudonyms.current(home);
        String alice = first.apply("alice");
        assertThat(alice).startsWith("k1-").hasSize(3 + 32).doesNotContain("alice");
        assertThat(Pseudonyms.current(home).apply("alice")).isEqualTo(alice);
        assertThat(first.apply("bob")).isNotEqualTo(alice);
        Path key = home.resolve(Pseudonyms.DIR).resolve("1.key");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(key))).isEqualTo("rw-------");

        Pseudonyms rotated = Pseudonyms.rotate(home);
        assertThat(rotated.keyNumber()).isEqualTo(2);
        String again = Pseudonyms.current(home).apply("alice");
        assertThat(again).startsWith("k2-");
        assertThat(again.substring(3)).isNotEqualTo(alice.substring(3));
    }

    @Test
    void aLostKeyIsAnErrorNotANewKey() throws Exception {
        Pseudonyms.current(home);
        Files.delete(home.resolve(Pseudonyms.DIR).resolve("1.key"));
        assertThatThrownBy(() -> Pseudonyms.current(home)).isInstanceOf(InvalidInputException.class).hasMessageContaining("holds no key");
        assertThatThrownBy(() -> Pseudonyms.current(home.resolve("missing"))).isInstanceOf(NotFoundException.class);
    }
}

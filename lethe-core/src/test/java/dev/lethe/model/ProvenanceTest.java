package dev.lethe.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProvenanceTest {

    private static Map<String, String> unsorted() {
        Map<String, String> m = new LinkedHashMap<>();
        for (String k : List.of("zeta", "alpha", "mu", "beta", "omega", "gamma", "delta", "kappa", "eta", "iota", "theta")) {
            m.put(k, k.toUpperCase());
        }
        return m;
    }

    @Test
    void settingsAndSourceKeepTheirOrderAndTheJavaVersionIsRecorded() throws IOException {
        Provenance p = Provenance.of("nb", unsorted(), 7, "f", 3).withSource(unsorted());
        assertThat(p.settings().keySet()).containsExactlyElementsOf(unsorted().keySet());
        assertThat(p.source().keySet()).containsExactlyElementsOf(unsorted().keySet());
        assertThat(p.javaVersion()).isEqualTo(Runtime.version().toString());
        assertThat(p.members()).isEmpty();

        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        StateCodec.writeProvenance(new DataOutputStream(bytes), p);
        Provenance back = StateCodec.readProvenance(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));
        assertThat(back).isEqualTo(p);
        assertThat(back.settings().keySet()).containsExactlyElementsOf(unsorted().keySet());
        assertThat(back.libraryVersion()).isEqualTo(Lethe.version());
    }

    @Test
    void aProvenanceWrittenBeforeTheJavaVersionWasRecordedStillLoads() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.writeUTF("nb");
        StateCodec.writeMap(out, Map.of("alpha", "1.0"));
        out.writeLong(7);
        out.writeUTF("fingerprint");
        out.writeInt(3);
        out.writeUTF("0.1.0");
        out.writeLong(1_700_000_000_000L);
        StateCodec.writeMap(out, Map.of("file", "x.csv"));
        Provenance old = StateCodec.readProvenance(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));
        assertThat(old.libraryVersion()).isEqualTo("0.1.0");
        assertThat(old.javaVersion()).isEqualTo(Provenance.UNKNOWN_JAVA);
        assertThat(old.settings()).containsEntry("alpha", "1.0");
        assertThat(old.source()).containsEntry("file", "x.csv");
    }
}

package dev.lethe.store;

import dev.lethe.model.LetheException.Kind;

import dev.lethe.data.Schema;
import dev.lethe.model.StateCodec;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/** Small encodings for registry columns: schemas (via {@link StateCodec}) and flat string maps. */
final class Codec {

    private Codec() {
    }

    static byte[] schema(Schema schema) {
        try {
            ByteArrayOutputStream buf = new ByteArrayOutputStream();
            try (DataOutputStream out = new DataOutputStream(buf)) {
                StateCodec.writeSchema(out, schema);
            }
            return buf.toByteArray();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static Schema schema(byte[] bytes) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            return StateCodec.readSchema(in);
        } catch (IOException e) {
            throw new StoreException(Kind.INTERNAL, "corrupted schema in the registry: " + e.getMessage(), e);
        }
    }

    /** {@code key=value} lines, keys sorted; values must not hold a newline. */
    static String map(Map<String, String> map) {
        StringBuilder sb = new StringBuilder();
        new TreeMap<>(map).forEach((k, v) -> {
            if (k.contains("=") || k.contains("\n") || v.contains("\n")) {
                throw new IllegalArgumentException("cannot store setting '" + k + "'='" + v + "'");
            }
            sb.append(k).append('=').append(v).append('\n');
        });
        return sb.toString();
    }

    static Map<String, String> map(String text) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String line : text.split("\n")) {
            if (!line.isEmpty()) {
                int eq = line.indexOf('=');
                out.put(line.substring(0, eq), line.substring(eq + 1));
            }
        }
        return out;
    }
}

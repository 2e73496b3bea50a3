package dev.lethe.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.lethe.model.ForgetReceipt;
import java.util.LinkedHashMap;
import java.util.Map;

/** JSON output: one mapper, and the JSON form of a receipt. */
final class Json {

    static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    static final ObjectMapper COMPACT = new ObjectMapper();

    private Json() {
    }

    static Map<String, Object> receipt(ForgetReceipt r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("family", r.family());
        m.put("request_kind", r.requestKind());
        m.put("request", r.request());
        m.put("records", r.records());
        m.put("record_count", r.recordCount());
        m.put("guarantee", r.guarantee().toString());
        m.put("elapsed_us", r.elapsed().toNanos() / 1e3);
        m.put("digest_before", r.digestBefore());
        m.put("digest_after", r.digestAfter());
        m.put("at", r.at().toString());
        m.put("details", r.details());
        return m;
    }

    static String pretty(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static String compact(Object value) {
        try {
            return COMPACT.writeValueAsString(value);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}

package dev.lethe.bench;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One model's figures from a forget benchmark, measured in one run on the same data.
 *
 * @param forgetP50Micros median time to forget one record, including the receipt
 * @param refitMillis     median time to fit the same learner from scratch on the remaining data
 * @param speedup         refit time / forget p50
 * @param extra           family-specific figures (e.g. accuracy), in insertion order
 */
public record BenchResult(String model, int rows, int forgets, double forgetP50Micros, double forgetP99Micros,
                          double forgetMaxMicros, double refitMillis, double speedup, Map<String, Object> extra) {

    public BenchResult {
        extra = new LinkedHashMap<>(extra);
    }

    /** The figures as the flat JSON object {@code lethe bench forget --json} prints. */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("model", model);
        m.put("rows", rows);
        m.put("forgets", forgets);
        m.put("forget_p50_us", round(forgetP50Micros));
        m.put("forget_p99_us", round(forgetP99Micros));
        m.put("forget_max_us", round(forgetMaxMicros));
        m.put("refit_ms", round(refitMillis));
        m.put("speedup", Math.round(speedup));
        m.putAll(extra);
        return m;
    }

    private static double round(double v) {
        return Math.round(v * 1000) / 1000.0;
    }
}

package dev.lethe.privacy.compare;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.UncheckedIOException;

/** The comparison as JSON: settings, and per configuration its medians, spreads, guarantee and trials. */
public final class ComparisonJson {

    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private ComparisonJson() {
    }

    public static String of(ComparisonResult r) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("dataset", r.dataset()).put("rows", r.rows()).put("features", r.features()).put("trainRows", r.trainRows())
                .put("heldOutRows", r.heldOutRows()).put("auditedRecords", r.auditedRecords()).put("totalMillis", r.totalMillis());
        root.set("options", MAPPER.valueToTree(r.options()));
        ArrayNode rows = root.putArray("configurations");
        for (ConfigurationResult c : r.results()) {
            ObjectNode row = rows.addObject();
            Configuration conf = c.configuration();
            row.put("kind", conf.kind().toString()).put("name", conf.name());
            if (!Double.isNaN(conf.parameter())) {
                row.put(conf.kind() == Configuration.Kind.K_ANONYMOUS ? "k" : "epsilon", conf.parameter());
            }
            if (!conf.applies()) {
                row.put("notApplicable", conf.notApplicable());
                continue;
            }
            row.set("accuracy", MAPPER.valueToTree(c.accuracy()));
            row.set("auc", MAPPER.valueToTree(c.auc()));
            row.set("tprAt01", MAPPER.valueToTree(c.tprAt01()));
            row.set("millis", MAPPER.valueToTree(c.millis()));
            row.set("trials", MAPPER.valueToTree(c.trials()));
        }
        try {
            return MAPPER.writeValueAsString(root);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}

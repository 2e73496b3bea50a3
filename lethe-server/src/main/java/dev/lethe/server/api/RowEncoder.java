package dev.lethe.server.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lethe.data.Attribute;
import dev.lethe.data.Schema;
import dev.lethe.model.InvalidInputException;
import dev.lethe.model.LetheException;

/**
 * Turns a JSON row ({@code {"feature": value, …}}) into the numeric row a model takes: numbers for
 * numeric features, the level's index for categorical ones. Extra fields (the label, an ID) are
 * ignored; a missing feature or an unknown level is refused, naming the row and the feature.
 */
final class RowEncoder {

    private final Schema schema;

    RowEncoder(Schema schema) {
        this.schema = schema;
    }

    double[] encode(JsonNode row, int index) {
        if (row == null || !row.isObject()) {
            throw new InvalidInputException("row " + index + ": expected a JSON object of feature values");
        }
        double[] out = new double[schema.numFeatures()];
        for (int f = 0; f < out.length; f++) {
            Attribute a = schema.feature(f);
            JsonNode v = row.get(a.name());
            if (v == null || v.isNull()) {
                throw new InvalidInputException("row " + index + ": feature '" + a.name() + "' is missing");
            }
            if (a.isCategorical()) {
                int level = a.levelIndex(v.asText());
                if (level < 0) {
                    throw new InvalidInputException("row " + index + ": feature '" + a.name() + "' has no level "
                            + LetheException.quote(v.asText()) + " the model knows");
                }
                out[f] = level;
            } else if (v.isNumber()) {
                out[f] = v.asDouble();
            } else {
                try {
                    out[f] = Double.parseDouble(v.asText().trim());
                } catch (NumberFormatException e) {
                    throw new InvalidInputException("row " + index + ": feature '" + a.name() + "': expected a number, got "
                            + LetheException.quote(v.asText()));
                }
            }
            if (!Double.isFinite(out[f])) {
                throw new InvalidInputException("row " + index + ": feature '" + a.name() + "' must be finite");
            }
        }
        return out;
    }
}

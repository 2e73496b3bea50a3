package dev.lethe.privacy.compare;

import dev.lethe.data.Schema;
import dev.lethe.model.Model;
import dev.lethe.model.Provenance;

/**
 * A model trained on a k-anonymous release, as it is deployed: it takes raw rows and generalises
 * them the way the release did before predicting ({@link Generalisation#recode}).
 */
record GeneralisedModel(Model inner, Generalisation release) implements Model {

    @Override
    public String family() {
        return inner.family();
    }

    @Override
    public Schema schema() {
        return release.rawSchema();
    }

    @Override
    public Provenance provenance() {
        return inner.provenance();
    }

    @Override
    public double predict(double[] row) {
        return inner.predict(release.recode(row));
    }

    @Override
    public double[] probabilities(double[] row) {
        return inner.probabilities(release.recode(row));
    }
}

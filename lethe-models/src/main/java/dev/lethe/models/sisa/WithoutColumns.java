package dev.lethe.models.sisa;

import dev.lethe.data.Dataset;
import dev.lethe.model.Learner;
import dev.lethe.model.UnlearnableModel;
import java.util.Map;
import java.util.Set;

/**
 * A learner that fits its delegate on the data without some columns: the monolithic baseline of a
 * SISA model with likelihood placement, whose constituents never see the deletion-likelihood column.
 */
record WithoutColumns<M extends UnlearnableModel>(Learner<M> delegate, Set<String> columns) implements Learner<M> {

    @Override
    public String family() {
        return delegate.family();
    }

    @Override
    public Map<String, String> settings() {
        return delegate.settings();
    }

    @Override
    public long seed() {
        return delegate.seed();
    }

    @Override
    public M fit(Dataset data) {
        return delegate.fit(data.withoutFeatures(columns));
    }
}

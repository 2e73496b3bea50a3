package dev.lethe.privacy.compare;

import java.util.List;
import java.util.function.ToDoubleFunction;

/** A configuration's trials, one per seed, and the medians (with spread) the report shows. */
public record ConfigurationResult(Configuration configuration, List<Trial> trials) {

    public ConfigurationResult {
        trials = List.copyOf(trials);
    }

    public Spread accuracy() {
        return over(Trial::accuracy);
    }

    public Spread auc() {
        return over(Trial::auc);
    }

    public Spread tprAt01() {
        return over(Trial::tprAt01);
    }

    public Spread millis() {
        return over(t -> t.millis());
    }

    /** The median over seeds of a numeric guarantee figure (say {@code dp.epsilon}); NaN when no trial states it. */
    public Spread guaranteeFigure(String key) {
        return over(t -> {
            String v = t.guarantee().get(key);
            try {
                return v == null ? Double.NaN : Double.parseDouble(v);
            } catch (NumberFormatException e) {
                return Double.NaN;
            }
        });
    }

    /** A non-numeric guarantee field as the first trial states it, or null. */
    public String guaranteeText(String key) {
        return trials.isEmpty() ? null : trials.get(0).guarantee().get(key);
    }

    private Spread over(ToDoubleFunction<Trial> figure) {
        return Spread.of(trials.stream().mapToDouble(figure).toArray());
    }
}

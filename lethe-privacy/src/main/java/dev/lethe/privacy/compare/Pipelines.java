package dev.lethe.privacy.compare;

import dev.lethe.audit.attack.ShadowPool;
import dev.lethe.data.Attribute;
import dev.lethe.data.Dataset;
import dev.lethe.data.TextTable;
import dev.lethe.model.InternalException;
import dev.lethe.model.InvalidInputException;
import dev.lethe.model.LetheException;
import dev.lethe.model.ModelFamilies;
import dev.lethe.model.ModelFamily;
import dev.lethe.privacy.anonymise.Anonymisation;
import dev.lethe.privacy.anonymise.AnonymisationOptions;
import dev.lethe.privacy.anonymise.AnonymisedTable;
import dev.lethe.privacy.anonymise.AnonymityChecker;
import dev.lethe.privacy.anonymise.Diversity;
import dev.lethe.privacy.anonymise.Mondrian;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The training pipeline of each configuration, used alike for the audited target and for its LiRA
 * shadows (Carlini et al. 2022 require shadows trained the way the target was): the family as it is,
 * Mondrian first and then the family on the release, or the DP family at the row's ε.
 */
final class Pipelines {

    private final CompareOptions o;
    private final ModelFamily family;
    private final ModelFamily dpFamily;

    Pipelines(CompareOptions o) {
        this.o = o;
        this.family = ModelFamilies.byName(o.family());
        this.dpFamily = ModelFamilies.byName(o.dpFamily());
    }

    /** Fails now, before any work, when a family or its settings are wrong. */
    void validate() {
        family.learner(o.settings(), o.seed());
        for (double e : o.epsilons()) {
            dpFamily.learner(dpSettings(e), o.seed());
        }
    }

    ShadowPool.Trainer raw() {
        return (data, seed) -> family.learner(o.settings(), seed).fit(data);
    }

    ShadowPool.Trainer dp(double epsilon) {
        Map<String, String> settings = dpSettings(epsilon);
        return (data, seed) -> dpFamily.learner(settings, seed).fit(data);
    }

    /** Mondrian at k on the training rows, then the family on the release; {@code checked} runs the independent checker too. */
    ShadowPool.Trainer anonymised(int k, boolean checked) {
        return (data, seed) -> {
            int[] qi = quasiIndexes(data);
            TextTable table = quasiTable(data);
            AnonymisationOptions options = new AnonymisationOptions(o.quasi(), o.sensitive(), k, o.l(), Diversity.DISTINCT, Map.of(), 0);
            Anonymisation a = Mondrian.anonymise(table, options);
            if (checked) {
                AnonymityChecker.Report report = AnonymityChecker.check(AnonymisedTable.of(table, a, Map.of()), o.quasi(), o.sensitive(),
                        k, o.l(), Diversity.DISTINCT);
                if (!report.holds()) {
                    throw new InternalException("the k = " + k + " release failed its check: " + report.violations().get(0));
                }
            }
            Generalisation release = Generalisation.of(data, qi, a);
            return new GeneralisedModel(family.learner(o.settings(), seed).fit(release.training(data)), release);
        };
    }

    private Map<String, String> dpSettings(double epsilon) {
        Map<String, String> s = new LinkedHashMap<>(o.dpSettings());
        s.put("epsilon", Double.toString(epsilon));
        s.put("delta", Double.toString(o.delta()));
        return s;
    }

    int[] quasiIndexes(Dataset data) {
        int[] qi = new int[o.quasi().size()];
        for (int j = 0; j < qi.length; j++) {
            String name = o.quasi().get(j);
            qi[j] = data.schema().indexOf(name);
            if (qi[j] < 0) {
                throw new InvalidInputException(name.equals(data.schema().target().name())
                        ? "--quasi " + LetheException.quote(name) + " is the label; a quasi-identifier must be a feature"
                        : "--quasi: no column " + LetheException.quote(name) + "; columns are " + data.schema().featureNames());
            }
        }
        return qi;
    }

    /** The quasi-identifiers (and the sensitive column) as text, as Mondrian reads a file. */
    TextTable quasiTable(Dataset data) {
        int[] qi = quasiIndexes(data);
        List<String> names = new ArrayList<>(o.quasi());
        Attribute sensitive = null;
        int sensitiveColumn = -1;
        if (o.sensitive() != null) {
            names.add(o.sensitive());
            sensitiveColumn = data.schema().indexOf(o.sensitive());
            sensitive = sensitiveColumn >= 0 ? data.schema().feature(sensitiveColumn) : data.schema().target();
            if (sensitiveColumn < 0 && !o.sensitive().equals(sensitive.name())) {
                throw new InvalidInputException("--sensitive: no column " + LetheException.quote(o.sensitive()) + "; columns are "
                        + data.schema().featureNames() + " and the label " + LetheException.quote(data.schema().target().name()));
            }
        }
        List<String[]> rows = new ArrayList<>(data.size());
        List<Integer> lines = new ArrayList<>(data.size());
        for (int r = 0; r < data.size(); r++) {
            String[] cells = new String[names.size()];
            for (int j = 0; j < qi.length; j++) {
                cells[j] = data.schema().feature(qi[j]).format(data.value(r, qi[j]));
            }
            if (sensitive != null) {
                cells[qi.length] = sensitive.format(sensitiveColumn >= 0 ? data.value(r, sensitiveColumn) : data.target(r));
            }
            rows.add(cells);
            lines.add(r + 2);
        }
        return new TextTable("the training rows", names, rows, lines);
    }
}

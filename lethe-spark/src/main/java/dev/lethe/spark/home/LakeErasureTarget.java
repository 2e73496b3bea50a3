package dev.lethe.spark.home;

import dev.lethe.engine.ErasureTarget;
import dev.lethe.model.ForgetReceipt;
import dev.lethe.model.ForgetRequest;
import dev.lethe.model.UnlearnableModel;
import dev.lethe.spark.LocalSpark;
import dev.lethe.spark.lake.LakeDataset;
import dev.lethe.spark.lake.LakeEraser;
import dev.lethe.spark.lake.LakeErasure;
import dev.lethe.store.Lineage;
import dev.lethe.store.ModelInfo;
import dev.lethe.store.ModelStore;
import dev.lethe.store.NewVersion;
import dev.lethe.store.Registry;
import dev.lethe.store.VersionInfo;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.sql.SparkSession;

/**
 * The workflow's erase step for a home's lake datasets (an engine {@link ErasureTarget}): for each
 * lake dataset reached by the batch's subject requests, the lake models trained on it forget the
 * subjects' rows first (one version per model and batch, its model receipts and the purge of its
 * older versions committed together, as the worker does for every model), then the rows leave the
 * lake by {@link LakeEraser} (DELETE by record ID, VACUUM, log scrub). The request's receipt names
 * the dataset with the Delta version after the DELETE and whether the old files are physically gone.
 *
 * <p>Before anything is deleted, the record IDs each request reaches in each lake dataset are
 * committed as the batch's erase plan ({@link LakeErasePlans}). A rerun after a crash between this
 * step and the receipts' commit skips the models that already hold the batch's version, deletes the
 * planned IDs again (a no-op for those already gone) and names them in the receipt.
 *
 * <p>Runs on the active Spark session (the one {@code spark-submit} or {@code ./lethe spark} made),
 * or a new local one.
 */
public final class LakeErasureTarget implements ErasureTarget {

    /** The name lake datasets' registry entries give as their {@code target}. */
    public static final String NAME = "lake";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Map<String, Erased> erase(Registry registry, long batch, Map<String, ForgetRequest> requests) {
        Map<String, ForgetRequest.Subject> subjects = new LinkedHashMap<>();
        requests.forEach((id, r) -> {
            if (r instanceof ForgetRequest.Subject s) {
                subjects.put(id, s);
            }
        });
        List<HomeLake> lakes = subjects.isEmpty() ? List.of() : LakeHomes.list(registry);
        if (lakes.isEmpty()) {
            return Map.of();
        }
        SparkSession spark = LocalSpark.session("local[*]");
        Map<String, List<Erased>> parts = new LinkedHashMap<>();
        for (HomeLake lake : lakes) {
            LakeDataset table = LakeDataset.open(spark, lake.table());
            LakeRows rows = new LakeRows(spark, lake.table(), lake.buckets(), table.idColumn(), table.subjectColumn());
            Map<String, long[]> ids = plan(registry, batch, lake, rows, subjects);
            for (ModelInfo m : registry.models().list()) {
                if (LakeModels.of(m, lake)) {
                    forget(registry, batch, m, rows, subjects);
                }
            }
            long[] all = ids.values().stream().flatMapToLong(java.util.Arrays::stream).distinct().sorted().toArray();
            if (all.length == 0) {
                continue;
            }
            Object[] buckets = subjects.values().stream().map(s -> lake.buckets().of(s.subjectId())).distinct().toArray();
            LakeErasure erasure = LakeEraser.erase(spark, table, all, lake.vacuum(),
                    org.apache.spark.sql.functions.col(dev.lethe.spark.lake.SubjectBuckets.COLUMN).isin(buckets));
            String entry = entry(lake, erasure, all.length);
            ids.forEach((id, own) -> {
                if (own.length > 0) {
                    parts.computeIfAbsent(id, k -> new ArrayList<>()).add(new Erased(own.length, List.of(entry)));
                }
            });
        }
        Map<String, Erased> out = new LinkedHashMap<>();
        parts.forEach((id, list) -> out.put(id, new Erased(list.stream().mapToInt(Erased::records).sum(),
                list.stream().flatMap(e -> e.datasets().stream()).toList())));
        return out;
    }

    /**
     * The batch's erase plan for one lake dataset: the one recorded before (a rerun after a crash, when the
     * rows may be gone already), else the record IDs each subject request reaches now, recorded before
     * anything is deleted.
     */
    private static Map<String, long[]> plan(Registry registry, long batch, HomeLake lake, LakeRows rows,
                                            Map<String, ForgetRequest.Subject> subjects) {
        return LakeErasePlans.find(registry, batch, lake.dataset().id()).orElseGet(() -> {
            Map<String, long[]> ids = new LinkedHashMap<>();
            subjects.forEach((id, s) -> ids.put(id, rows.recordIds(s)));
            LakeErasePlans.record(registry, batch, lake.dataset().id(), ids);
            return ids;
        });
    }

    /**
     * The receipt's entry for a lake dataset: its name and what the erasure did. {@code planned} rows left
     * the lake for this batch (the DELETE removes every planned ID still there, so none is left); a rerun's
     * DELETE may remove fewer, the crashed run having removed the rest.
     */
    static String entry(HomeLake lake, LakeErasure e, long planned) {
        return String.format(Locale.ROOT, "%s [lake: delta version %d after delete; rows deleted %d; vacuum retention %.1f h; "
                        + "old files physically gone %s; log scrubbed %s]", lake.name(), e.versionAfterDelete(), planned,
                e.retentionHours(), e.filesGone(), e.logScrubbed());
    }

    /** One lake model forgets the batch's subjects, unless its current version is this batch's already (a rerun). */
    private static void forget(Registry registry, long batch, ModelInfo listed, LakeRows rows,
                               Map<String, ForgetRequest.Subject> subjects) {
        try (ModelStore.ModelLock lock = registry.models().lock(listed.name())) {
            ModelInfo m = registry.models().get(listed.name());
            VersionInfo current = registry.models().version(m.name(), m.currentVersion());
            if (current.batchId() != null && current.batchId() == batch) {
                return;
            }
            UnlearnableModel loaded = registry.models().load(m.name(), current.version());
            UnlearnableModel model = LakeModels.withRows(loaded, rows);
            List<Map.Entry<String, ForgetReceipt>> receipts = new ArrayList<>();
            subjects.forEach((id, s) -> {
                ForgetReceipt r = model.forget(s);
                if (r.recordCount() > 0) {
                    receipts.add(Map.entry(id, r));
                }
            });
            if (receipts.isEmpty()) {
                return;
            }
            byte[] bytes = ModelStore.encode(model);
            registry.database().transaction(c -> {
                int v = registry.models().addVersion(c, m.name(), current.version(),
                        new NewVersion(bytes, model.stateDigest(), Lineage.empty(), "forget", batch));
                registry.requests().addModelReceipts(c, m.name(), v, receipts);
                registry.models().purgeOlderVersions(c, m.name());
                return null;
            });
        }
    }
}

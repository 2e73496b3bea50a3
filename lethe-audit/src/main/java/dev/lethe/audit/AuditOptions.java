package dev.lethe.audit;

import dev.lethe.model.ForgetReceipt;
import dev.lethe.model.OptionsException;
import java.util.List;

/**
 * How thoroughly to audit. Validated on construction; {@link #defaults()} gives the values used by
 * {@code lethe audit}.
 *
 * @param shadowModels        N shadow models for LiRA and the shadow-model attack (≥ 2; Carlini et al. use 16–256)
 * @param threads             worker threads (default: all cores)
 * @param seed                seed of everything random in the audit (shadow splits, samples, bootstrap)
 * @param repeatedRuns        runs of unlearn-vs-retrain with fresh seeds for the NeurIPS 2023 forgetting
 *                            quality (0 skips it)
 * @param delta               δ of the per-example ε
 * @param bootstrapResamples  replicates of the forget-set bootstrap
 * @param confidenceLevel     coverage of its interval
 * @param maxEvaluationRecords at most this many retained and this many held-out records are scored
 *                            (a random sample); forgotten records are always all scored
 * @param maxAttackExamples   at most this many (shadow, record) pairs train the shadow-model attack
 * @param exposedRecords      how many most-exposed records the memorisation report lists
 * @param curveFamilies       families for the accuracy-versus-deletions curve; empty means the audited
 *                            model's family only (other families use their default settings)
 * @param curveSteps          points on that curve after the first
 * @param forgetsPerStep      single-record forgets between two points (each one timed)
 * @param receipts            receipts of the forgets being audited, for the per-receipt verdict (may be empty)
 */
public record AuditOptions(int shadowModels, int threads, long seed, int repeatedRuns, double delta,
                           int bootstrapResamples, double confidenceLevel, int maxEvaluationRecords,
                           int maxAttackExamples, int exposedRecords, List<String> curveFamilies, int curveSteps,
                           int forgetsPerStep, List<ForgetReceipt> receipts) {

    public AuditOptions {
        check("shadowModels", shadowModels, 2, 1024);
        check("threads", threads, 1, 1024);
        check("repeatedRuns", repeatedRuns, 0, 1024);
        check("bootstrapResamples", bootstrapResamples, 100, 1_000_000);
        check("maxEvaluationRecords", maxEvaluationRecords, 10, Integer.MAX_VALUE);
        check("maxAttackExamples", maxAttackExamples, 100, Integer.MAX_VALUE);
        check("exposedRecords", exposedRecords, 1, 10_000);
        check("curveSteps", curveSteps, 0, 1000);
        check("forgetsPerStep", forgetsPerStep, 1, 100_000);
        if (!(delta >= 0 && delta < 1)) {
            throw new OptionsException("audit option 'delta': expected a value in [0, 1), got " + delta);
        }
        if (!(confidenceLevel > 0.5 && confidenceLevel < 1)) {
            throw new OptionsException("audit option 'confidenceLevel': expected a value in (0.5, 1), got " + confidenceLevel);
        }
        curveFamilies = List.copyOf(curveFamilies);
        receipts = List.copyOf(receipts);
    }

    private static void check(String name, long value, long min, long max) {
        if (value < min || value > max) {
            throw new OptionsException("audit option '" + name + "': expected a value in [" + min + ", " + max + "], got " + value);
        }
    }

    public static AuditOptions defaults() {
        return new AuditOptions(16, Runtime.getRuntime().availableProcessors(), 1, 8, 1e-3, 1000, 0.95, 5000,
                50_000, 20, List.of(), 10, 10, List.of());
    }

    public AuditOptions withShadowModels(int n) {
        return new AuditOptions(n, threads, seed, repeatedRuns, delta, bootstrapResamples, confidenceLevel,
                maxEvaluationRecords, maxAttackExamples, exposedRecords, curveFamilies, curveSteps, forgetsPerStep, receipts);
    }

    public AuditOptions withThreads(int n) {
        return new AuditOptions(shadowModels, n, seed, repeatedRuns, delta, bootstrapResamples, confidenceLevel,
                maxEvaluationRecords, maxAttackExamples, exposedRecords, curveFamilies, curveSteps, forgetsPerStep, receipts);
    }

    public AuditOptions withSeed(long s) {
        return new AuditOptions(shadowModels, threads, s, repeatedRuns, delta, bootstrapResamples, confidenceLevel,
                maxEvaluationRecords, maxAttackExamples, exposedRecords, curveFamilies, curveSteps, forgetsPerStep, receipts);
    }

    public AuditOptions withRepeatedRuns(int runs) {
        return new AuditOptions(shadowModels, threads, seed, runs, delta, bootstrapResamples, confidenceLevel,
                maxEvaluationRecords, maxAttackExamples, exposedRecords, curveFamilies, curveSteps, forgetsPerStep, receipts);
    }

    public AuditOptions withMaxEvaluationRecords(int n) {
        return new AuditOptions(shadowModels, threads, seed, repeatedRuns, delta, bootstrapResamples, confidenceLevel,
                n, maxAttackExamples, exposedRecords, curveFamilies, curveSteps, forgetsPerStep, receipts);
    }

    public AuditOptions withBootstrapResamples(int n) {
        return new AuditOptions(shadowModels, threads, seed, repeatedRuns, delta, n, confidenceLevel,
                maxEvaluationRecords, maxAttackExamples, exposedRecords, curveFamilies, curveSteps, forgetsPerStep, receipts);
    }

    public AuditOptions withCurve(List<String> families, int steps, int perStep) {
        return new AuditOptions(shadowModels, threads, seed, repeatedRuns, delta, bootstrapResamples, confidenceLevel,
                maxEvaluationRecords, maxAttackExamples, exposedRecords, families, steps, perStep, receipts);
    }

    public AuditOptions withReceipts(List<ForgetReceipt> r) {
        return new AuditOptions(shadowModels, threads, seed, repeatedRuns, delta, bootstrapResamples, confidenceLevel,
                maxEvaluationRecords, maxAttackExamples, exposedRecords, curveFamilies, curveSteps, forgetsPerStep, r);
    }
}

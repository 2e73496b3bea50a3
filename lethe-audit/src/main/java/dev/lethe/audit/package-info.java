/**
 * Proof of forgetting. {@link dev.lethe.audit.AuditRunner} audits a model that has forgotten records:
 * it retrains the same learner on D \ S (the retrain oracle), runs membership-inference attacks on the
 * unlearned and the retrained model, measures forgetting quality, and collects everything in an
 * {@link dev.lethe.audit.AuditResult} that {@link dev.lethe.audit.report.ReportWriter} renders as HTML.
 * The signed, hash-chained record of receipts lives in {@link dev.lethe.audit.ledger}.
 */
package dev.lethe.audit;

/**
 * Judging an approximately unlearned model against reference models retrained from scratch without
 * the forgotten data: {@link dev.lethe.audit.reference.ReferenceModels} trains them,
 * {@link dev.lethe.audit.reference.ReferenceVerifier} compares accuracies against their spread and runs a
 * LiRA-style membership test with the references as the "out" distribution, and
 * {@link dev.lethe.audit.reference.ReferenceVerdict} states the verdict with its confidence.
 */
package dev.lethe.audit.reference;

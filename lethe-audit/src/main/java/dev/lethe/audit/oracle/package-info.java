/**
 * The retrain oracle for every family: refit the model's own learner (settings and seed from its
 * provenance) on D \ S and compare with the model that forgot S — utility on retained, forgotten and
 * held-out records, prediction agreement, and the distance between named parameters. Builds on
 * {@link dev.lethe.model.RetrainCheck} and {@link dev.lethe.model.ForgetHistory}.
 */
package dev.lethe.audit.oracle;

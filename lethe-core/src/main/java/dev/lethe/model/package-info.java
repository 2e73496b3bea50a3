/**
 * The forget API: learners and the models they fit, the {@link dev.lethe.model.ForgetRequest}s a
 * model honours, the {@link dev.lethe.model.ForgetReceipt} it returns, the
 * {@link dev.lethe.model.Guarantee} it claims, the bookkeeping every family shares
 * ({@link dev.lethe.model.TrainingRecords}), model files, and the retrain-from-scratch check.
 */
package dev.lethe.model;

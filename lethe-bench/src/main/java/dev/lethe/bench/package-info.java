/**
 * Benchmarks: {@link dev.lethe.bench.ForgetBenchmark} times forgetting single records against
 * refitting from scratch in one run (behind {@code lethe bench forget}); JMH micro-benchmarks and
 * benchmark mains sit beside it, among them {@link dev.lethe.bench.SisaValidation}, which compares SISA
 * with its monolithic baseline on a validation split of MNIST's training set (for tuning without the test set).
 */
package dev.lethe.bench;

/**
 * Benchmarks: {@link dev.lethe.bench.ForgetBenchmark} times forgetting single records against
 * refitting from scratch in one run (behind {@code lethe bench forget}); JMH micro-benchmarks sit beside it.
 */
package dev.lethe.bench;

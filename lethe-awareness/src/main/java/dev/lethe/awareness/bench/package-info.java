/** Benchmarks of the scans (mains, not tests). */
package dev.lethe.awareness.bench;

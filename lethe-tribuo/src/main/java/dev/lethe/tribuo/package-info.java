/**
 * Tribuo (Oracle Labs, <a href="https://tribuo.org">tribuo.org</a>, 4.3) as a source of Lethe learners:
 * any {@code org.tribuo.Trainer<Label>} becomes a Lethe learner ({@code tribuo} family,
 * {@code trainer=logistic|cart|<class name>}), and datasets convert both ways
 * ({@link dev.lethe.tribuo.TribuoData}). Tribuo models have no decremental update, so on their own
 * they refuse forget requests; as SISA constituents (Bourtoule et al., "Machine Unlearning",
 * IEEE S&amp;P 2021) they become exactly unlearnable. Trained models are stored in Tribuo's own
 * versioned protobuf format inside Lethe's model file, never with Java serialization.
 */
package dev.lethe.tribuo;

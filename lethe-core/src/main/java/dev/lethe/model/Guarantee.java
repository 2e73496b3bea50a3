package dev.lethe.model;

/**
 * What a forget proves. A family claims the strongest guarantee its method proves, never more.
 */
public sealed interface Guarantee {

    /** Indistinguishable from retraining without the data (equal, or a valid output of the training procedure). */
    record Exact() implements Guarantee {
        @Override
        public String toString() {
            return "EXACT";
        }
    }

    /** (ε, δ)-certified removal in the sense of Guo et al. (ICML 2020). */
    record Certified(double epsilon, double delta) implements Guarantee {
        public Certified {
            if (!(epsilon > 0) || !(delta >= 0 && delta < 1)) {
                throw new IllegalArgumentException("certified removal needs ε > 0 and 0 ≤ δ < 1, got ε=" + epsilon + ", δ=" + delta);
            }
        }

        @Override
        public String toString() {
            return "CERTIFIED(ε=" + epsilon + ", δ=" + delta + ")";
        }
    }

    /** The influence was reduced by a method with no proof of equivalence; measurements say how well. */
    record Approximate() implements Guarantee {
        @Override
        public String toString() {
            return "APPROXIMATE";
        }
    }

    Guarantee EXACT = new Exact();
    Guarantee APPROXIMATE = new Approximate();

    static Guarantee certified(double epsilon, double delta) {
        return new Certified(epsilon, delta);
    }

    /** Parses the text form written by {@link #toString()}. */
    static Guarantee parse(String text) {
        if (text.equals("EXACT")) {
            return EXACT;
        }
        if (text.equals("APPROXIMATE")) {
            return APPROXIMATE;
        }
        if (text.startsWith("CERTIFIED(ε=") && text.endsWith(")")) {
            String[] parts = text.substring("CERTIFIED(ε=".length(), text.length() - 1).split(", δ=");
            return certified(Double.parseDouble(parts[0]), Double.parseDouble(parts[1]));
        }
        throw new IllegalArgumentException("unknown guarantee '" + text + "'");
    }
}

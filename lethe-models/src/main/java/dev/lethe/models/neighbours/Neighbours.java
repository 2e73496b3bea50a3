package dev.lethe.models.neighbours;

/**
 * The result of a neighbour search: training rows ordered by squared distance, ties by record ID.
 *
 * @param rows              training rows (positions in the model's training data), nearest first
 * @param squaredDistances  the squared {@link MixedDistance} of each, in the same order
 */
record Neighbours(int[] rows, double[] squaredDistances) {

    int size() {
        return rows.length;
    }
}

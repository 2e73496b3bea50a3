package dev.lethe.privacy.dp;

/**
 * One differentially private value: its group ({@code null} without {@code --by}), the estimate, a
 * 95% confidence interval for the noise alone (contribution bounding and clamping can bias the
 * estimate further; the note says so), and the privacy it cost.
 *
 * @param low  the interval's lower end, NaN for a quantile (whose error is in ranks: see {@code note})
 * @param note how to read the interval
 */
public record Release(String group, double estimate, double low, double high, double epsilon, double delta, String note) {
}

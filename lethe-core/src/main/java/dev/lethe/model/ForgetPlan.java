package dev.lethe.model;


/**
 * A validated request resolved to training rows, before anything changes. Families apply a plan;
 * {@link TrainingRecords#commit} then records it.
 *
 * @param rows       training rows removed (records, subject, class) or relabelled (relabel), ascending
 * @param feature    the feature index to forget, or -1
 * @param newTargets for relabel: the new target of each row in {@code rows}, in the same order
 */
public record ForgetPlan(ForgetRequest request, int[] rows, int feature, double[] newTargets) {

    public boolean removesRows() {
        return request instanceof ForgetRequest.Records || request instanceof ForgetRequest.Subject
                || request instanceof ForgetRequest.ClassLabel;
    }

    public boolean isFeature() {
        return request instanceof ForgetRequest.Feature;
    }

    public boolean isRelabel() {
        return request instanceof ForgetRequest.Relabel;
    }

    /** A description for errors and logs. */
    public String describe() {
        return request.summary() + " (" + rows.length + " rows)";
    }

    static ForgetPlan rows(ForgetRequest request, int[] rows) {
        return new ForgetPlan(request, rows, -1, null);
    }

    static ForgetPlan feature(ForgetRequest request, int feature) {
        return new ForgetPlan(request, new int[0], feature, null);
    }

    static ForgetPlan relabel(ForgetRequest request, int[] rows, double[] targets) {
        return new ForgetPlan(request, rows, -1, targets);
    }

}

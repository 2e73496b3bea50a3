package dev.lethe.audit.testing;

import dev.lethe.audit.AuditOptions;
import dev.lethe.audit.AuditResult;
import dev.lethe.audit.AuditRunner;
import dev.lethe.data.Dataset;
import dev.lethe.model.ForgetReceipt;
import dev.lethe.model.ForgetRequest;
import dev.lethe.model.ModelFamilies;
import dev.lethe.model.UnlearnableModel;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** A small end-to-end audit of the memorising test family, shared by the audit and report tests. */
public final class Audits {

    private Audits() {
    }

    public static AuditOptions fast() {
        return AuditOptions.defaults().withShadowModels(8).withThreads(2).withRepeatedRuns(4).withBootstrapResamples(300)
                .withCurve(List.of(KernelFamily.NAME), 3, 5);
    }

    /**
     * Trains the kernel model on 120 records, forgets {@code forget} of them in two requests (records,
     * then a subject) and audits it against 200 held-out records.
     */
    public static AuditResult run(boolean ignoreForgets, int forget, AuditOptions options) {
        Dataset train = AuditData.noisy(11, 120, 0);
        Dataset test = AuditData.noisy(12, 200, 5000);
        UnlearnableModel model = ModelFamilies.byName(KernelFamily.NAME)
                .learner(Map.of("bandwidth", "0.15", "ignore-forgets", Boolean.toString(ignoreForgets)), 3).fit(train);
        List<ForgetReceipt> receipts = new ArrayList<>();
        long[] ids = new long[forget - 1];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = 3L * i;
        }
        receipts.add(model.forget(ForgetRequest.Records.of(ids)));
        receipts.add(model.forget(new ForgetRequest.Subject("s1")));
        return AuditRunner.audit(model, train, test, Set.of(), options.withReceipts(receipts));
    }
}

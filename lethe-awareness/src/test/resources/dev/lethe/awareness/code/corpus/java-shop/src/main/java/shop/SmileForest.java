package shop;

import smile.classification.RandomForest;
import smile.data.DataFrame;
import smile.data.formula.Formula;
import smile.io.Read;

/** Fraud forest trained with Smile. */
public final class SmileForest {

    public RandomForest train() throws Exception {
        DataFrame frame = Read.csv("data/claims.csv");
        DataFrame chosen = frame.select("amount", "nhs_number", "label");
        return RandomForest.fit(Formula.lhs("label"), chosen);
    }
}

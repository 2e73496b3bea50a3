package shop;

import ai.djl.Model;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.EasyTrain;
import ai.djl.training.Trainer;
import ai.djl.training.dataset.RandomAccessDataset;
import ai.djl.training.loss.Loss;

/** Image model trained with DJL. */
public final class DjlTraining {

    public void train(Model model, RandomAccessDataset images) throws Exception {
        Trainer trainer = model.newTrainer(new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss()));
        EasyTrain.fit(trainer, 2, images, null);
    }
}

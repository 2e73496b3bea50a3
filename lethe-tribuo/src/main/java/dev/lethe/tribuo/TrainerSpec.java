package dev.lethe.tribuo;

import dev.lethe.model.OptionsException;
import java.lang.reflect.Constructor;
import java.util.List;
import org.tribuo.Trainer;
import org.tribuo.classification.Label;
import org.tribuo.classification.dtree.CARTClassificationTrainer;
import org.tribuo.classification.sgd.linear.LinearSGDTrainer;
import org.tribuo.classification.sgd.objectives.LogMulticlass;
import org.tribuo.math.optimisers.AdaGrad;

/**
 * Which Tribuo trainer to build, fresh for every fit (Tribuo trainers advance their random state
 * with each call, so a fresh trainer from the seed is what makes fits reproducible):
 * {@code logistic} (multinomial logistic regression by SGD with AdaGrad), {@code cart} (a CART
 * classification tree), or the class name of any {@code Trainer<Label>} with a public no-argument
 * constructor. ({@code scale}, standardising numeric features, is applied by Lethe in {@link Scaling}.)
 */
record TrainerSpec(String trainer, int epochs, int maxDepth, boolean scale) {

    static final List<String> BUILT_IN = List.of("logistic", "cart");

    TrainerSpec {
        if (!BUILT_IN.contains(trainer)) {
            load(trainer);
        }
    }

    Trainer<Label> create(long seed) {
        Trainer<Label> inner = switch (trainer) {
            case "logistic" -> new LinearSGDTrainer(new LogMulticlass(), new AdaGrad(1.0, 0.1), epochs, Integer.MAX_VALUE, 1, seed);
            case "cart" -> new CARTClassificationTrainer(maxDepth, 1.0f, 0.0f, 1.0f, false,
                    new org.tribuo.classification.dtree.impurity.GiniIndex(), seed);
            default -> instantiate(load(trainer));
        };
        return inner;
    }

    @SuppressWarnings("unchecked")
    private static Class<? extends Trainer<Label>> load(String name) {
        try {
            Class<?> c = Class.forName(name);
            if (!Trainer.class.isAssignableFrom(c)) {
                throw new OptionsException("tribuo setting 'trainer': " + name + " is not an org.tribuo.Trainer");
            }
            c.getConstructor();
            return (Class<? extends Trainer<Label>>) c;
        } catch (ClassNotFoundException e) {
            throw new OptionsException("tribuo setting 'trainer': expected one of " + BUILT_IN
                    + " or the class name of a Tribuo Trainer<Label>, got '" + name + "'");
        } catch (NoSuchMethodException e) {
            throw new OptionsException("tribuo setting 'trainer': " + name + " has no public no-argument constructor");
        }
    }

    private static Trainer<Label> instantiate(Class<? extends Trainer<Label>> c) {
        try {
            Constructor<? extends Trainer<Label>> k = c.getConstructor();
            return k.newInstance();
        } catch (ReflectiveOperationException e) {
            throw new OptionsException("tribuo: cannot create " + c.getName() + ": " + e);
        }
    }
}

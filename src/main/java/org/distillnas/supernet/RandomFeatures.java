package org.distillnas.supernet;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.distillnas.nn.Module;
import org.distillnas.nn.Param;
import org.distillnas.nn.ParamFactory;
import org.distillnas.util.BadInputException;

/**
 * Random-feature supernets (RF-DARTS, Zhang et al., CVPR 2023): the convolution and linear weights
 * keep their random initialisation and are never trained; only BatchNorm's affine parameters (which
 * the supernet must therefore have, see {@link org.distillnas.space.SupernetOptions#affine()}) and
 * the architecture weights learn.
 *
 * <p>Frozen weights get no gradient (autograd skips their weight-gradient kernels, which is where
 * the faster step comes from) and, since optimizers only see {@link Param#trainable()} tensors, no
 * optimizer state.
 *
 * @param enabled whether the supernet uses random features
 * @param init how the frozen weights are drawn; the paper's (and the default) is Kaiming normal
 * @param trainStem train the stem convolution anyway (default false: the stem is random too)
 * @param trainClassifier train the final linear classifier anyway (default false)
 */
public record RandomFeatures(
        @JsonProperty("enabled") boolean enabled,
        @JsonProperty("init") ParamFactory.InitScheme init,
        @JsonProperty("train_stem") boolean trainStem,
        @JsonProperty("train_classifier") boolean trainClassifier) {

    public RandomFeatures {
        if (init == null) {
            init = enabled ? ParamFactory.InitScheme.KAIMING_NORMAL : ParamFactory.InitScheme.PYTORCH_DEFAULT;
        }
    }

    /** Module path prefixes of the stem and the classifier, as every supernet here names them. */
    static final String STEM = "stem.";
    static final String CLASSIFIER = "classifier.";

    public static RandomFeatures off() {
        return new RandomFeatures(false, ParamFactory.InitScheme.PYTORCH_DEFAULT, false, false);
    }

    /** Random features with the paper's choices: Kaiming normal init, stem and classifier frozen. */
    public static RandomFeatures paperDefaults() {
        return new RandomFeatures(true, ParamFactory.InitScheme.KAIMING_NORMAL, false, false);
    }

    /** The init scheme of every network weight of a run (random features or not). */
    public ParamFactory.InitScheme initScheme() {
        return enabled ? init : ParamFactory.InitScheme.PYTORCH_DEFAULT;
    }

    /** Parses an init scheme's command-line name: {@code kaiming-normal} or {@code pytorch-default}. */
    public static ParamFactory.InitScheme parseInit(String name) {
        for (ParamFactory.InitScheme s : ParamFactory.InitScheme.values()) {
            if (cliName(s).equals(name)) {
                return s;
            }
        }
        throw new BadInputException("--rf-init '" + name + "': expected kaiming-normal or pytorch-default");
    }

    public static String cliName(ParamFactory.InitScheme s) {
        return s.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /**
     * Freezes the network weights of {@code net} that random features keep at their initial value;
     * returns their names (empty when disabled). Must run before a strategy collects the trainable
     * parameters.
     */
    public List<String> apply(Module net) {
        List<String> frozen = new ArrayList<>();
        if (!enabled) {
            return frozen;
        }
        net.namedParams(p -> p.kind() == Param.Kind.WEIGHT).forEach((name, p) -> {
            if (trainStem && isUnder(name, STEM) || trainClassifier && isUnder(name, CLASSIFIER)) {
                return;
            }
            p.freeze();
            frozen.add(name);
        });
        return frozen;
    }

    /** Whether a dotted parameter name lies under a module path such as {@code stem.} at any depth. */
    static boolean isUnder(String name, String prefix) {
        return name.startsWith(prefix) || name.contains("." + prefix);
    }
}

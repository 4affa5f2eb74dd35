package org.distillnas.distill;

import ai.djl.ndarray.NDArray;
import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import org.distillnas.nn.Fn;
import org.distillnas.util.BadInputException;

/**
 * Which distillation loss a search uses, as written to the run's {@code config.json} (section
 * {@code kd_loss}). The same choice serves every distilling method: AlphaNet's in-place distillation
 * and SD-DARTS's self-distillation. A run folder written before the section existed reads as
 * {@code kl}, the loss those runs used; a number missing from the section reads as its default.
 *
 * @param kind {@code kl} (Hinton's KL with temperature), {@code alpha} (the alpha-divergence at
 *     {@code alpha}) or {@code adaptive} (AlphaNet's larger of the divergences at alpha_min and
 *     alpha_max); the CLI's default is adaptive for {@code alphanet} and kl for SD-DARTS
 * @param alpha the alpha of {@code kind = alpha}; default 0.5, the midpoint between the two
 *     directions of KL (four times the squared Hellinger distance). AlphaNet fixes no single alpha.
 * @param alphaMin the adaptive divergence's negative end; default -1 (AlphaNet)
 * @param alphaMax its positive end; default +1 (AlphaNet)
 * @param iwClip upper clip of r^alpha for both alpha losses; default 5 (AlphaNet)
 */
public record DistillLossConfig(
        @JsonProperty("kind") String kind,
        @JsonProperty("alpha") double alpha,
        @JsonProperty("alpha_min") double alphaMin,
        @JsonProperty("alpha_max") double alphaMax,
        @JsonProperty("iw_clip") double iwClip) {

    public static final List<String> KINDS = List.of("kl", "alpha", "adaptive");
    public static final double DEFAULT_ALPHA = 0.5;

    public DistillLossConfig {
        if (kind == null) {
            kind = "kl";
        }
        if (!KINDS.contains(kind)) {
            throw new BadInputException("--kd-loss " + kind + ": expected one of " + String.join(", ", KINDS));
        }
        build(kind, alpha, alphaMin, alphaMax, iwClip, 1); // validates the numbers with the options' names
    }

    /** Reads a {@code kd_loss} section: every number it lacks takes its default. */
    @JsonCreator
    static DistillLossConfig read(@JsonProperty("kind") String kind, @JsonProperty("alpha") Double alpha,
            @JsonProperty("alpha_min") Double alphaMin, @JsonProperty("alpha_max") Double alphaMax,
            @JsonProperty("iw_clip") Double iwClip) {
        return new DistillLossConfig(kind, alpha != null ? alpha : DEFAULT_ALPHA,
                alphaMin != null ? alphaMin : AdaptiveAlphaDivergenceLoss.DEFAULT_ALPHA_MIN,
                alphaMax != null ? alphaMax : AdaptiveAlphaDivergenceLoss.DEFAULT_ALPHA_MAX,
                iwClip != null ? iwClip : AlphaDivergenceLoss.DEFAULT_IW_CLIP);
    }

    /** The given kind with every number at its default. */
    public static DistillLossConfig defaults(String kind) {
        return new DistillLossConfig(kind, DEFAULT_ALPHA, AdaptiveAlphaDivergenceLoss.DEFAULT_ALPHA_MIN,
                AdaptiveAlphaDivergenceLoss.DEFAULT_ALPHA_MAX, AlphaDivergenceLoss.DEFAULT_IW_CLIP);
    }

    /**
     * The loss, applied to softened student logits z / T and scaled by T^2 (Hinton et al.), so that
     * every kind keeps its weight next to the cross-entropy whatever T is; T = 1 leaves it as it is.
     */
    public DistillationLoss create(double temperature) {
        return build(kind, alpha, alphaMin, alphaMax, iwClip, temperature);
    }

    private static DistillationLoss build(String kind, double alpha, double alphaMin, double alphaMax, double iwClip,
            double temperature) {
        if (kind.equals("kl")) {
            return new KlDistillationLoss(temperature);
        }
        DistillationLoss inner = kind.equals("alpha") ? new AlphaDivergenceLoss(alpha, iwClip)
                : new AdaptiveAlphaDivergenceLoss(alphaMin, alphaMax, iwClip);
        return temperature == 1 ? inner : tempered(inner, temperature);
    }

    private static DistillationLoss tempered(DistillationLoss inner, double t) {
        return (z, p) -> {
            NDArray l = inner.loss(z.div(Fn.scalar(z, t)), p);
            return l.mul(Fn.scalar(l, t * t));
        };
    }
}

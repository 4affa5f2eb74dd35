package org.distillnas.campaign;

import java.util.ArrayList;
import java.util.List;
import org.distillnas.strategy.Methods;
import org.distillnas.util.BadInputException;

/**
 * What a kill campaign runs: a label and a {@code distillnas} command line ({@code search ...} or
 * {@code train ...}) without {@code --out}, which the campaign adds.
 */
public record Variant(String label, List<String> args) {
    /** Options that make every default search small enough for twenty kills in minutes. */
    public static final List<String> SMALL_SEARCH = List.of("--limit", "1200", "--epochs", "3", "--batch-size", "32",
            "--channels", "4", "--cells", "1", "--log-every", "5", "--threads", "1", "--seed", "3");
    /** Options that make a sampling search (spos, sandwich) small: mbv3-small, 3 epochs on 1,200 images. */
    public static final List<String> SMALL_SAMPLED_SEARCH = List.of("--space", "mbv3-small", "--limit", "1200", "--epochs",
            "3", "--batch-size", "32", "--log-every", "5", "--recalibration-batches", "4", "--threads", "1", "--seed", "3");
    /** A NAS-Bench-201 cell with every kind of op, trained small by the default {@code train} variant. */
    public static final String TRAIN_GENOTYPE =
            "|nor_conv_3x3~0|+|skip_connect~0|avg_pool_3x3~1|+|nor_conv_1x1~0|skip_connect~1|nor_conv_3x3~2|";

    public Variant {
        if (label.isBlank() || args.isEmpty() || !(args.get(0).equals("search") || args.get(0).equals("train"))) {
            throw new BadInputException("campaign variant '" + label + "=" + String.join(" ", args)
                    + "': expected LABEL=search ... or LABEL=train ...");
        }
        if (args.contains("--out") || args.contains("--resume")) {
            throw new BadInputException("campaign variant '" + label + "': drop --out / --resume, the campaign sets them");
        }
        args = List.copyOf(args);
    }

    /** {@code search} or {@code train}. */
    public String command() {
        return args.get(0);
    }

    /** Parses {@code LABEL=ARGS} (ARGS split at spaces). */
    public static Variant parse(String spec) {
        int eq = spec.indexOf('=');
        if (eq < 1) {
            throw new BadInputException("campaign variant '" + spec + "': expected LABEL=search ... or LABEL=train ...");
        }
        return new Variant(spec.substring(0, eq), List.of(spec.substring(eq + 1).trim().split("\\s+")));
    }

    /**
     * The standard campaign: every registered search method at {@link #SMALL_SEARCH} (a method
     * added to {@link Methods} joins it by being registered), self-distillation with each teacher
     * source, and {@code train}.
     */
    public static List<Variant> standard() {
        List<Variant> out = new ArrayList<>();
        for (String m : Methods.names()) {
            List<String> args = new ArrayList<>(List.of("search", "--method", m));
            args.addAll(Methods.isSampling(m) ? SMALL_SAMPLED_SEARCH : SMALL_SEARCH);
            if (m.equals(Methods.CREAM)) {
                // warm-up 1 of 3 epochs (the default), then a look-ahead every 5 steps, so that the board
                // and the matching network change within the run and must both be restored
                args.addAll(List.of("--meta-every", "5"));
            }
            if (m.equals(Methods.SD_DARTS)) {
                // cached teachers are whole epochs: two of them, so that the cache fills and turns in 3 epochs
                List<String> cached = new ArrayList<>(args);
                cached.addAll(List.of("--sd-source", "cache", "--sd-teachers", "2"));
                // snapshots every 10 steps, so that the teachers' ring fills and turns within the run
                args.addAll(List.of("--sd-every", "10"));
                out.add(new Variant(m, args));
                out.add(new Variant(m + "-cache", cached));
            } else {
                out.add(new Variant(m, args));
            }
        }
        out.add(new Variant("train", List.of("train", TRAIN_GENOTYPE, "--limit", "1200", "--epochs", "3", "--batch-size", "32",
                "--channels", "4", "--cells", "1", "--log-every", "5", "--threads", "1", "--seed", "3")));
        return out;
    }
}

package org.distillnas.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import org.distillnas.campaign.KillCampaign;
import org.distillnas.campaign.Variant;
import org.distillnas.util.BadInputException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code distillnas kill-campaign}: proves that killed runs resume to exactly the same outputs. */
@Command(name = "kill-campaign", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
            "Runs each variant once uninterrupted, then N times killed with SIGKILL at seeded random moments",
            "(timers during training, part-way through checkpoint writes, inside evaluations, while the final",
            "outputs are written) and resumed with --resume; compares everything each run wrote (metrics without",
            "times, alphas, genotype, summary or results, checksums of the final weights) with the reference.",
            "Without --variant: every search method and train, small (see docs/RELIABILITY.md).",
            "Exit status 0 when every trial is identical, 1 otherwise.",
            "",
            "Example: distillnas kill-campaign --kills 20 --workers 2 --out campaigns/all"})
public final class KillCampaignCommand implements Callable<Integer> {
    @Option(names = "--kills", defaultValue = "20", paramLabel = "N", description = "Killed runs per variant (default: ${DEFAULT-VALUE}).")
    int kills;

    @Option(names = "--seed", defaultValue = "1", paramLabel = "N", description = "Seed of the kill moments (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--workers", defaultValue = "1", paramLabel = "N",
            description = "Trials at a time, one JVM each; the default variants use one thread each (default: ${DEFAULT-VALUE}).")
    int workers;

    @Option(names = "--variant", paramLabel = "LABEL=ARGS",
            description = "A run to kill, e.g. 'darts=search --method darts --epochs 3 --threads 1' (repeatable; default: the standard set).")
    List<String> variants;

    @Option(names = "--only", split = ",", paramLabel = "LABEL", description = "Only these labels of the standard set (e.g. darts,train).")
    List<String> only;

    @Option(names = "--java-heap", defaultValue = "1g", paramLabel = "SIZE", description = "-Xmx of each run (default: ${DEFAULT-VALUE}).")
    String javaHeap;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Campaign folder (its variant folders are replaced).")
    Path out;

    @Override
    public Integer call() throws Exception {
        if (kills < 1 || workers < 1) {
            throw new BadInputException("--kills " + kills + " / --workers " + workers + ": expected positive counts");
        }
        List<Variant> chosen = chosenVariants();
        List<KillCampaign.Tally> tallies = new KillCampaign(out, kills, seed, workers, javaHeap, System.out).run(chosen);
        boolean all = tallies.stream().allMatch(t -> t.identical() == t.trials());
        System.out.println("campaign folder: " + out.toAbsolutePath() + (all ? " (every trial identical)" : " (SOME TRIALS DIFFER)"));
        return all ? 0 : 1;
    }

    private List<Variant> chosenVariants() {
        if (variants != null && !variants.isEmpty()) {
            if (only != null) {
                throw new BadInputException("--only chooses from the standard set; drop it when giving --variant");
            }
            return variants.stream().map(Variant::parse).toList();
        }
        List<Variant> standard = Variant.standard();
        if (only == null) {
            return standard;
        }
        List<Variant> out = new ArrayList<>();
        for (String label : only) {
            out.add(standard.stream().filter(v -> v.label().equals(label)).findFirst()
                    .orElseThrow(() -> new BadInputException("--only " + label + ": expected one of "
                            + Arrays.toString(standard.stream().map(Variant::label).toArray()))));
        }
        return out;
    }
}

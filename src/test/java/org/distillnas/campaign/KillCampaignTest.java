package org.distillnas.campaign;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import org.distillnas.report.JsonlWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The small kill campaign of the normal test run: a DARTS search, the SPOS, AlphaNet and Cream searches
 * (Cream with its board and matching network changing within the run) and a training, each
 * killed with SIGKILL at three seeded moments (seed 11 draws a kill part-way through a checkpoint's tensors,
 * one inside an evaluation and a timer) and resumed; every resumed run must write exactly what the
 * uninterrupted one wrote. The full campaign (every method, 20 kills) is in docs/RELIABILITY.md.
 */
class KillCampaignTest {
    @TempDir
    Path tmp;

    @Test
    void killedRunsResumeToIdenticalOutputs() throws Exception {
        org.distillnas.TestData.requireFashionMnist();
        List<Variant> variants = Variant.standard().stream()
                .filter(v -> List.of("darts", "spos", "alphanet", "cream", "train").contains(v.label())).toList();
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        List<KillCampaign.Tally> tallies = new KillCampaign(tmp, 3, 11, 2, "1g", new PrintStream(log, true)).run(variants);

        assertThat(tallies).extracting(KillCampaign.Tally::variant).containsExactly("darts", "spos", "alphanet", "cream", "train");
        assertThat(tallies).as(log.toString()).allMatch(t -> t.identical() == 3);
        List<JsonNode> trials = JsonlWriter.readAll(tmp.resolve("trials.jsonl"));
        assertThat(trials).hasSize(15);
        assertThat(trials).extracting(n -> n.get("kill").asText().replaceAll(" .*", ""))
                .contains("timer", "evaluation").anyMatch(k -> k.startsWith("checkpoint-"));
        assertThat(tmp.resolve("summary.md")).content().contains("| darts |", "| spos |", "| alphanet |", "| cream |", "3 of 3");
    }
}

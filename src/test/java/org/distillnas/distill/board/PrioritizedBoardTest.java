package org.distillnas.distill.board;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.distillnas.space.SampledSpace;
import org.distillnas.space.SampledSpaces;
import org.distillnas.space.genotype.Subnet;
import org.distillnas.util.BadInputException;
import org.distillnas.util.EngineSetup;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Cream's board update rule on hand-made sequences of offers. */
class PrioritizedBoardTest {
    static final SampledSpace SPACE = SampledSpaces.byName("mbv3-small");
    static final List<Subnet> PATHS = new java.util.ArrayList<>();

    @BeforeAll
    static void setUp() {
        EngineSetup.start(1, 1);
        Random r = new Random(1);
        while (PATHS.size() < 12) {
            Subnet s = SPACE.sample(r);
            if (!PATHS.contains(s)) {
                PATHS.add(s);
            }
        }
    }

    static boolean offer(PrioritizedBoard b, int path, double score, long macs, int epoch) {
        return b.offer(PATHS.get(path), score, macs, epoch, path, m -> new NDArray[] {m.ones(new ai.djl.ndarray.types.Shape(2, 1)).mul(path),
            m.zeros(new ai.djl.ndarray.types.Shape(2, 3))});
    }

    static List<Double> scores(PrioritizedBoard b) {
        return b.entries().stream().map(BoardEntry::score).toList();
    }

    @Test
    void nothingEntersDuringTheWarmUp() {
        try (NDManager m = NDManager.newBaseManager(); PrioritizedBoard b = new PrioritizedBoard(3, 5, 2, m)) {
            assertThat(offer(b, 0, 90, 10, 0)).isFalse();
            assertThat(offer(b, 0, 90, 10, 1)).isFalse();
            assertThat(b.isEmpty()).isTrue();
            assertThat(offer(b, 0, 90, 10, 2)).isTrue();
        }
    }

    @Test
    void anyPathEntersABoardThatIsNotFullThenOnlyByMarginOrCheaper() {
        try (NDManager m = NDManager.newBaseManager(); PrioritizedBoard b = new PrioritizedBoard(3, 5, 0, m)) {
            assertThat(offer(b, 0, 40, 10, 0)).isTrue();
            assertThat(offer(b, 1, 20, 10, 0)).isTrue();
            assertThat(offer(b, 2, 30, 10, 0)).isTrue();
            assertThat(scores(b)).containsExactly(40.0, 30.0, 20.0);
            // full: beating the worst (20) by exactly the margin is not enough, by more is
            assertThat(offer(b, 3, 25, 10, 0)).isFalse();
            assertThat(offer(b, 3, 25.5, 10, 0)).isTrue();
            assertThat(scores(b)).containsExactly(40.0, 30.0, 25.5);
            // better than the worst by less than the margin: enters only when cheaper
            assertThat(offer(b, 4, 27, 10, 0)).isFalse();
            assertThat(offer(b, 4, 27, 11, 0)).isFalse();
            assertThat(offer(b, 4, 27, 9, 0)).isTrue();
            assertThat(scores(b)).containsExactly(40.0, 30.0, 27.0);
            // cheaper but not better: stays out
            assertThat(offer(b, 5, 27, 1, 0)).isFalse();
            assertThat(offer(b, 5, 26, 1, 0)).isFalse();
            assertThat(b.size()).isEqualTo(3);
        }
    }

    @Test
    void aPathOnTheBoardDoesNotEnterTwiceAndTiesGoToTheCheaper() {
        try (NDManager m = NDManager.newBaseManager(); PrioritizedBoard b = new PrioritizedBoard(3, 5, 0, m)) {
            offer(b, 0, 30, 10, 0);
            assertThat(offer(b, 0, 80, 10, 0)).isFalse();
            offer(b, 1, 30, 5, 0);
            offer(b, 2, 30, 7, 0);
            assertThat(b.entries()).extracting(BoardEntry::macs).containsExactly(5L, 7L, 10L);
            assertThat(b.bestWithin(6).orElseThrow().path()).isEqualTo(PATHS.get(1));
            assertThat(b.bestWithin(4)).isEmpty();
            assertThat(b.bestWithin(0).orElseThrow().macs()).isEqualTo(5);
        }
    }

    @Test
    void theLeavingEntryIsFreedAndTheStateRoundTrips() {
        try (NDManager m = NDManager.newBaseManager(); PrioritizedBoard b = new PrioritizedBoard(2, 0, 0, m)) {
            offer(b, 0, 10, 1, 0);
            offer(b, 1, 20, 1, 0);
            NDArray leaving = b.get(1).images();
            offer(b, 2, 30, 1, 0);
            assertThat(leaving.isReleased()).isTrue();
            assertThat(scores(b)).containsExactly(30.0, 20.0);

            Map<String, NDArray> arrays = b.stateArrays();
            var json = b.stateJson();
            try (PrioritizedBoard c = new PrioritizedBoard(2, 0, 0, m)) {
                c.loadState(arrays, json, Subnet::parse);
                assertThat(c.entries()).extracting(BoardEntry::path).containsExactly(PATHS.get(2), PATHS.get(1));
                assertThat(scores(c)).containsExactly(30.0, 20.0);
                assertThat(c.get(0).images().toFloatArray()).containsExactly(2, 2);
                assertThatThrownBy(() -> c.loadState(Map.of(), json, Subnet::parse)).isInstanceOf(BadInputException.class)
                        .hasMessageContaining("board.0.images");
            }
        }
    }

    @Test
    void badSettingsAreOneLineErrors() {
        try (NDManager m = NDManager.newBaseManager()) {
            assertThatThrownBy(() -> new PrioritizedBoard(0, 5, 0, m)).hasMessageContaining("--board-size 0");
            assertThatThrownBy(() -> new PrioritizedBoard(3, -1, 0, m)).hasMessageContaining("--board-margin -1.0");
        }
    }
}

package org.distillnas.distill.board;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.distillnas.train.SearchConfig;
import org.junit.jupiter.api.Test;

/** A run's {@code board} section as read back from config.json. */
class BoardConfigTest {
    static final ObjectMapper JSON = new ObjectMapper();

    /** A config.json of {@code method} over {@code epochs} whose board section is {@code board} (null: none). */
    static SearchConfig read(String method, int epochs, String board) throws Exception {
        ObjectNode json = JSON.valueToTree(SearchConfig.builder().setSpace("mbv3-small").setMethod(method)
                .optEpochs(epochs).build());
        json.remove("board");
        if (board != null) {
            json.set("board", JSON.readTree(board));
        }
        return JSON.treeToValue(json, SearchConfig.class);
    }

    @Test
    void missingNumbersTakeTheirDefaultsAndAMissingWarmUpIsASixthOfTheEpochs() throws Exception {
        SearchConfig c = read("cream", 12, "{\"matching\":\"best\"}");
        assertThat(c.board().warmupEpochs()).isEqualTo(2);
        assertThat(c.board().matching()).isEqualTo("best");
        assertThat(c.board().size()).isEqualTo(10);
        assertThat(c.board().metaEvery()).isEqualTo(200);
        // no section at all (a run of another method, or written before Cream): the same defaults
        SearchConfig old = read("spos", 120, null);
        assertThat(old.board().warmupEpochs()).isEqualTo(20);
        assertThat(old.board().matching()).isEqualTo("meta");
    }

    @Test
    void aWarmUpAsLongAsTheRunIsRefused() {
        assertThatThrownBy(() -> read("cream", 3, "{\"warmup_epochs\":3}"))
                .hasMessageContaining("--board-warmup-epochs 3: expected fewer than --epochs 3");
        assertThat(BoardConfig.defaultWarmup(4)).isEqualTo(1);
        assertThat(BoardConfig.defaultWarmup(1)).isZero();
        assertThat(BoardConfig.defaultWarmup(120)).isEqualTo(20);
    }
}

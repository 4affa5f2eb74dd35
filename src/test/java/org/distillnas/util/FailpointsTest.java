package org.distillnas.util;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class FailpointsTest {
    @AfterEach
    void disarm() {
        System.clearProperty(Failpoints.PROPERTY);
        Failpoints.reset();
    }

    @Test
    void unarmedFailpointsDoNothing() throws IOException {
        Failpoints.reset();
        for (int i = 0; i < 5; i++) {
            Failpoints.pass(Failpoints.CHECKPOINT_STATE);
        }
    }

    @Test
    void anArmedIoErrorFiresOnItsNthPassOnly() throws IOException {
        Failpoints.reset();
        System.setProperty(Failpoints.PROPERTY, "checkpoint-state@3:ioerror");
        Failpoints.pass(Failpoints.CHECKPOINT_STATE);
        Failpoints.pass(Failpoints.CHECKPOINT_LATEST); // another failpoint does not count
        Failpoints.pass(Failpoints.CHECKPOINT_STATE);
        assertThatThrownBy(() -> Failpoints.pass(Failpoints.CHECKPOINT_STATE)).isInstanceOf(IOException.class)
                .hasMessageContaining("checkpoint-state");
        Failpoints.pass(Failpoints.CHECKPOINT_STATE); // the fourth pass goes through
    }

    @Test
    void malformedSpecsNameWhatIsWrong() {
        assertThat(Failpoints.Armed.parse("evaluation@2:pause")).isEqualTo(new Failpoints.Armed("evaluation", 2, "pause"));
        assertThatThrownBy(() -> Failpoints.Armed.parse("evaluation")).hasMessageContaining("expected NAME@N:pause");
        assertThatThrownBy(() -> Failpoints.Armed.parse("evaluation@x:pause")).hasMessageContaining("occurrence 'x'");
        assertThatThrownBy(() -> Failpoints.Armed.parse("evaluation@0:pause")).hasMessageContaining("occurrence 0");
        assertThatThrownBy(() -> Failpoints.Armed.parse("evaluation@1:explode")).hasMessageContaining("action 'explode'");
    }
}

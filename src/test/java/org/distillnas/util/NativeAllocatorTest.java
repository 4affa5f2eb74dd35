package org.distillnas.util;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class NativeAllocatorTest {
    @Test
    void tuningIsOnByDefaultAndAcceptedByGlibc() {
        assertThat(NativeAllocator.requested()).isTrue();
        // the build machines run Debian (glibc): every mallopt call must be accepted
        assertThat(NativeAllocator.tune()).isTrue();
        assertThat(NativeAllocator.isTuned()).isTrue();
    }

    @Test
    void aBadSettingNamesTheValueAndTheChoices() {
        String old = System.getProperty("distillnas.malloc");
        try {
            System.setProperty("distillnas.malloc", "fast");
            assertThatThrownBy(NativeAllocator::requested).isInstanceOf(BadInputException.class)
                    .hasMessage("distillnas.malloc=fast: expected 'tuned' or 'default'");
            System.setProperty("distillnas.malloc", "default");
            assertThat(NativeAllocator.requested()).isFalse();
        } finally {
            if (old == null) {
                System.clearProperty("distillnas.malloc");
            } else {
                System.setProperty("distillnas.malloc", old);
            }
        }
    }
}

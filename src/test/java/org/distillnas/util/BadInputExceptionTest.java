package org.distillnas.util;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class BadInputExceptionTest {
    /** Quoted file content must not break the one-line message the command line prints. */
    @Test
    void lineBreaksInTheMessageAreEscaped() {
        String m = new BadInputException("op 'a\nb\r\u2028c' in file x").getMessage();
        assertThat(m).isEqualTo("op 'a\\nb\\r\\u2028c' in file x");
        assertThat(new BadInputException("plain", new RuntimeException()).getMessage()).isEqualTo("plain");
    }
}

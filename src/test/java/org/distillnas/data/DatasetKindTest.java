package org.distillnas.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.distillnas.util.BadInputException;
import org.junit.jupiter.api.Test;

class DatasetKindTest {
    @Test
    void parsesCommandLineNames() {
        for (DatasetKind k : DatasetKind.values()) {
            assertThat(DatasetKind.parse(k.cliName())).isSameAs(k);
        }
        assertThat(DatasetKind.parse(" CIFAR10 ")).isSameAs(DatasetKind.CIFAR10);
        assertThatThrownBy(() -> DatasetKind.parse("foo"))
                .isInstanceOf(BadInputException.class)
                .hasMessage("unknown dataset 'foo': expected one of fashion-mnist, cifar10, cifar100, image-folder");
    }

    @Test
    void defaultFolders() {
        assertThat(DatasetKind.FASHION_MNIST.defaultDataDir()).isEqualTo(Path.of("/usr/share/datasets/fashion-mnist"));
        assertThat(DatasetKind.CIFAR100.defaultDataDir())
                .isEqualTo(Path.of(System.getProperty("user.home"), ".distillnas", "data", "cifar100"));
        assertThat(DatasetKind.FASHION_MNIST.howToGet()).contains("apt-get install dataset-fashion-mnist");
        assertThat(DatasetKind.CIFAR10.howToGet()).contains("https://www.cs.toronto.edu/~kriz/cifar-10-binary.tar.gz");
    }
}

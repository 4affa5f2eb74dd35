package org.distillnas.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.distillnas.util.BadInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageFolderReaderTest {
    @TempDir
    Path root;

    @Test
    void greyFolderGivesOneChannelWithClassesSortedByName() throws Exception {
        TestFiles.greyPng(root.resolve("zebra/b.png"), 3, 4, 100);
        TestFiles.greyPng(root.resolve("zebra/a.png"), 3, 4, 0);
        TestFiles.greyPng(root.resolve("ant/only.PNG"), 3, 4, 50);
        Files.writeString(root.resolve("ant/notes.txt"), "ignored");
        Files.createDirectories(root.resolve(".hidden"));

        assertThat(ImageFolderReader.classNames(root)).containsExactly("ant", "zebra");
        ImageDataset d = ImageFolderReader.read(root, "toy");
        assertThat(d.size()).isEqualTo(3);
        assertThat(d.channels()).isEqualTo(1);
        assertThat(d.height()).isEqualTo(3);
        assertThat(d.width()).isEqualTo(4);
        assertThat(d.numClasses()).isEqualTo(2);
        assertThat(d.labels()).containsExactly(0, 1, 1);
        // Within a class, files in name order: zebra/a.png (base 0) before zebra/b.png (base 100).
        assertThat(d.pixel(0, 0, 2, 3)).isEqualTo(50 + 23);
        assertThat(d.pixel(1, 0, 1, 2)).isEqualTo(12);
        assertThat(d.pixel(2, 0, 1, 2)).isEqualTo(112);
    }

    @Test
    void colourImagesGiveThreeChannelsInChwOrder() {
        TestFiles.rgbImage(root.resolve("c/x.png"), 2, 3, 10, 20, 30, "png");
        ImageDataset d = ImageFolderReader.read(root, "toy");
        assertThat(d.channels()).isEqualTo(3);
        assertThat(d.pixel(0, 0, 1, 2)).isEqualTo(11);
        assertThat(d.pixel(0, 1, 1, 2)).isEqualTo(22);
        assertThat(d.pixel(0, 2, 1, 2)).isEqualTo(30);
    }

    @Test
    void greyImagesAreRepeatedWhenMixedWithColour() {
        TestFiles.greyPng(root.resolve("a/grey.png"), 2, 2, 40);
        TestFiles.rgbImage(root.resolve("b/colour.png"), 2, 2, 1, 2, 3, "png");
        ImageDataset d = ImageFolderReader.read(root, "toy");
        assertThat(d.channels()).isEqualTo(3);
        for (int c = 0; c < 3; c++) {
            assertThat(d.pixel(0, c, 1, 1)).isEqualTo(51);
        }
    }

    @Test
    void oneBitPngIsGreyscale() {
        BufferedImage img = new BufferedImage(4, 2, BufferedImage.TYPE_BYTE_BINARY);
        img.setRGB(1, 0, 0xFFFFFF);
        TestFiles.writeImage(root.resolve("a/bw.png"), img, "png");
        ImageDataset d = ImageFolderReader.read(root, "toy");
        assertThat(d.channels()).isEqualTo(1);
        assertThat(d.pixel(0, 0, 0, 1)).isEqualTo(255);
        assertThat(d.pixel(0, 0, 0, 0)).isZero();
    }

    @Test
    void jpegIsRead() {
        TestFiles.rgbImage(root.resolve("a/photo.jpg"), 8, 8, 200, 100, 50, "jpg");
        ImageDataset d = ImageFolderReader.read(root, "toy");
        assertThat(d.channels()).isEqualTo(3);
        // Lossy: only roughly the colour that was written.
        assertThat(d.pixel(0, 0, 0, 0)).isBetween(185, 215);
        assertThat(d.pixel(0, 2, 0, 0)).isBetween(35, 65);
    }

    @Test
    void sizeMismatchNamesTheOffendingFile() {
        TestFiles.greyPng(root.resolve("a/first.png"), 4, 4, 0);
        Path odd = TestFiles.greyPng(root.resolve("b/odd.png"), 5, 4, 0);
        assertThatThrownBy(() -> ImageFolderReader.read(root, "toy"))
                .isInstanceOf(BadInputException.class)
                .hasMessageStartingWith("image " + odd + " is 5x4 (height x width) but ")
                .hasMessageContaining("first.png is 4x4");
    }

    @Test
    void targetSizeResizesEveryImage() {
        // Uniform images stay uniform under bilinear interpolation: the values must survive exactly.
        BufferedImage grey = new BufferedImage(6, 8, BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < 8; y++) {
            for (int x = 0; x < 6; x++) {
                grey.getRaster().setSample(x, y, 0, 77);
            }
        }
        TestFiles.writeImage(root.resolve("a/big.png"), grey, "png");
        BufferedImage small = new BufferedImage(2, 2, BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < 2; y++) {
            for (int x = 0; x < 2; x++) {
                small.getRaster().setSample(x, y, 0, 200);
            }
        }
        TestFiles.writeImage(root.resolve("b/small.png"), small, "png");
        ImageDataset d = ImageFolderReader.read(root, "toy", 4, 4);
        assertThat(d.height()).isEqualTo(4);
        assertThat(d.width()).isEqualTo(4);
        for (int y = 0; y < 4; y++) {
            for (int x = 0; x < 4; x++) {
                assertThat(d.pixel(0, 0, y, x)).isEqualTo(77);
                assertThat(d.pixel(1, 0, y, x)).isEqualTo(200);
            }
        }
    }

    @Test
    void colourResizeKeepsChannels() {
        BufferedImage img = new BufferedImage(5, 5, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 5; y++) {
            for (int x = 0; x < 5; x++) {
                img.setRGB(x, y, 0x102030);
            }
        }
        TestFiles.writeImage(root.resolve("a/c.png"), img, "png");
        ImageDataset d = ImageFolderReader.read(root, "toy", 3, 2);
        assertThat(d.channels()).isEqualTo(3);
        assertThat(d.pixel(0, 0, 2, 1)).isEqualTo(0x10);
        assertThat(d.pixel(0, 1, 2, 1)).isEqualTo(0x20);
        assertThat(d.pixel(0, 2, 2, 1)).isEqualTo(0x30);
    }

    @Test
    void badInputsAreNamed() throws Exception {
        assertThatThrownBy(() -> ImageFolderReader.read(root.resolve("nope"), "toy"))
                .hasMessageStartingWith("missing image folder " + root.resolve("nope"));
        assertThatThrownBy(() -> ImageFolderReader.read(root, "toy"))
                .hasMessageStartingWith("image folder " + root + " has no class subfolders");
        Files.createDirectories(root.resolve("empty"));
        assertThatThrownBy(() -> ImageFolderReader.read(root, "toy"))
                .hasMessageStartingWith("image class folder " + root.resolve("empty") + " holds no");
        Path fake = TestFiles.write(root.resolve("empty/fake.png"), new byte[] {1, 2, 3});
        assertThatThrownBy(() -> ImageFolderReader.read(root, "toy"))
                .hasMessageStartingWith("corrupt data file " + fake);
        assertThatThrownBy(() -> ImageFolderReader.read(root, "toy", 4, 0))
                .hasMessageContaining("target size 4x0");
    }

    @Test
    void forcedGreyRefusesColour() {
        Path colour = TestFiles.rgbImage(root.resolve("a/c.png"), 2, 2, 0, 0, 0, "png");
        assertThatThrownBy(() -> ImageFolderReader.read(root, "toy", null, 0, 0, 1, "hint"))
                .hasMessageStartingWith("image " + colour + " is in colour");
    }

    @Test
    void expectedClassesMustMatch() {
        TestFiles.greyPng(root.resolve("a/x.png"), 2, 2, 0);
        assertThatThrownBy(() -> ImageFolderReader.read(root, "toy", List.of("a", "b"), 0, 0, 0, "hint"))
                .hasMessageContaining("has classes [a] but [a, b] were expected");
    }
}

package org.distillnas.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.awt.image.IndexColorModel;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.distillnas.mutation.MemoryTempDir;
import org.distillnas.mutation.MutationRun;
import org.distillnas.mutation.Mutations;
import org.distillnas.util.BadInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Image folders in which one PNG or JPEG was cut short, had bytes flipped, or declares a size far
 * beyond what its bytes can hold: {@link ImageFolderReader} reads the folder or refuses it with one
 * line naming the damaged image.
 */
class ImageMutationTest {
    private static final String HINT = "HOW-TO-GET";

    @TempDir(factory = MemoryTempDir.class)
    Path dir;

    /** The target size of the case being run (0 x 0: none), from maker to reader. */
    private int targetSize;

    /** An encoded image and the extension its format takes. */
    private record Encoded(byte[] bytes, String extension) {}

    /**
     * Valid images by size (index into {@link #SIZES}), encoded once: encoding every case's images
     * would cost more than reading them.
     */
    private final List<List<Encoded>> pool = new ArrayList<>();

    private static final int[][] SIZES = {{1, 1}, {3, 4}, {5, 5}, {2, 8}, {8, 3}, {7, 7}};

    @Test
    void damagedImagesAreReadOrRefusedByName() throws Exception {
        Random r = new Random(1_234_567);
        for (int[] size : SIZES) {
            List<Encoded> images = new ArrayList<>();
            for (int i = 0; i < 12; i++) {
                Path file = randomImage(dir.resolve("pool"), "p" + size[0] + "x" + size[1] + "_" + i, size[0], size[1], r);
                String name = file.getFileName().toString();
                images.add(new Encoded(Files.readAllBytes(file), name.substring(name.lastIndexOf('.'))));
            }
            pool.add(images);
        }
        MutationRun.Tally t = MutationRun.of("images", 1_234_567L, 3_000).run(this::damagedFolder, in -> {
            Path root = in.file().getParent().getParent();
            ImageDataset d = ImageFolderReader.read(root, "toy", targetSize, targetSize);
            assertThat(d.size()).isPositive();
        });
        assertThat(t.rejected()).isGreaterThan(t.cases() / 4);
        assertThat(t.accepted()).isGreaterThan(t.cases() / 10);
    }

    /** The largest width and height a PNG header can state, with a correct checksum. */
    @Test
    @Timeout(10)
    void aPngClaimingTwoBillionSquaredPixelsIsRefusedBeforeAllocating() throws Exception {
        Path file = TestFiles.greyPng(dir.resolve("a/x.png"), 3, 4, 0);
        Files.write(file, PngBytes.withSize(Files.readAllBytes(file), Integer.MAX_VALUE, Integer.MAX_VALUE, true));
        assertRefused(file, "2147483647");
    }

    /** 30000 x 30000 pixels is a real size, but not one a 100-byte file can hold. */
    @Test
    @Timeout(10)
    void aPngClaimingMorePixelsThanItsBytesCanHoldIsRefused() throws Exception {
        Path file = TestFiles.rgbImage(dir.resolve("a/x.png"), 3, 4, 1, 2, 3, "png");
        Files.write(file, PngBytes.withSize(Files.readAllBytes(file), 30_000, 30_000, true));
        assertRefused(file, "30000");
    }

    /** A palette image, whose ancillary chunks the JDK decoder parses, with a chunk claiming 2 GB. */
    @Test
    @Timeout(10)
    void aPaletteChunkClaimingTwoGigabytesIsRefusedBeforeAllocating() throws Exception {
        Path file = paletteImage(dir.resolve("a/x.png"), 3, 4, new Random(1));
        Files.write(file, PngBytes.withChunkAfterHeader(Files.readAllBytes(file), "iCCP", Integer.MAX_VALUE - 100,
                "p\0\0xyz".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1)));
        assertRefused(file, "2147483547");
    }

    @Test
    @Timeout(10)
    void aJpegClaimingSixtyFiveThousandSquaredPixelsIsRefusedBeforeAllocating() throws Exception {
        Path file = TestFiles.rgbImage(dir.resolve("a/x.jpg"), 8, 8, 1, 2, 3, "jpg");
        byte[] bytes = Files.readAllBytes(file);
        int sof = PngBytes.jpegFrame(bytes);
        bytes = Mutations.overwrite(bytes, sof + 5, 2, ByteOrder.BIG_ENDIAN, 65_000, "height").bytes();
        bytes = Mutations.overwrite(bytes, sof + 7, 2, ByteOrder.BIG_ENDIAN, 65_000, "width").bytes();
        Files.write(file, bytes);
        assertRefused(file, "65000 x 65000");
    }

    /** A PNG whose pixel data was changed after it was written: its checksum no longer matches. */
    @Test
    void aPngWithABadChecksumIsRefused() throws Exception {
        Path file = TestFiles.greyPng(dir.resolve("a/x.png"), 3, 4, 0);
        byte[] bytes = Files.readAllBytes(file);
        PngBytes.Chunk idat = PngBytes.chunks(bytes).stream().filter(c -> c.type().equals("IDAT")).findFirst().orElseThrow();
        bytes[idat.offset() + 8 + idat.length() - 1] ^= 1;
        Files.write(file, bytes);
        assertRefused(file, "CRC");
    }

    private void assertRefused(Path file, String detail) {
        assertThatThrownBy(() -> ImageFolderReader.read(dir, "toy"))
                .isInstanceOf(BadInputException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining(detail)
                .hasMessageNotContaining("Exception");
    }

    /** A folder of one or two classes of one or two images each, one image then damaged. */
    private MutationRun.Input damagedFolder(Random r, int index) throws Exception {
        Path root = dir.resolve("case" + index);
        List<Encoded> ofOneSize = pool.get(r.nextInt(pool.size()));
        targetSize = r.nextInt(3) == 0 ? 1 + r.nextInt(6) : 0;
        List<Path> files = new ArrayList<>();
        List<Encoded> chosen = new ArrayList<>();
        int classes = 1 + r.nextInt(2);
        for (int c = 0; c < classes; c++) {
            int images = 1 + r.nextInt(2);
            for (int i = 0; i < images; i++) {
                Encoded e = ofOneSize.get(r.nextInt(ofOneSize.size()));
                files.add(TestFiles.write(root.resolve("class" + c).resolve("img" + i + e.extension()), e.bytes()));
                chosen.add(e);
            }
        }
        int victim = r.nextInt(files.size());
        Mutations.Mutated m = damage(chosen.get(victim).bytes(), r);
        Files.write(files.get(victim), m.bytes());
        return new MutationRun.Input(files.get(victim), m.how());
    }

    private static Mutations.Mutated damage(byte[] bytes, Random r) {
        int kind = r.nextInt(4);
        if (kind == 0 && PngBytes.isPng(bytes)) {
            boolean fix = r.nextBoolean();
            int width = r.nextBoolean() ? (int) Mutations.huge(r) : 1 + r.nextInt(40_000);
            int height = r.nextBoolean() ? (int) Mutations.huge(r) : 1 + r.nextInt(40_000);
            return new Mutations.Mutated(PngBytes.withSize(bytes, width, height, fix), "IHDR size set to " + width
                    + " x " + height + (fix ? " with its CRC fixed" : ""));
        }
        if (kind == 0) {
            int sof = PngBytes.jpegFrame(bytes);
            int field = sof + 5 + 2 * r.nextInt(2);
            return Mutations.overwrite(bytes, field, 2, ByteOrder.BIG_ENDIAN, r.nextBoolean() ? 65_535 : r.nextInt(5),
                    "JPEG frame " + (field == sof + 5 ? "height" : "width"));
        }
        if (kind == 1 && PngBytes.isPng(bytes)) {
            List<PngBytes.Chunk> chunks = PngBytes.chunks(bytes);
            PngBytes.Chunk c = chunks.get(r.nextInt(chunks.size()));
            return Mutations.overwrite(bytes, c.offset(), 4, ByteOrder.BIG_ENDIAN, Mutations.huge(r),
                    "length of chunk " + c.type());
        }
        return Mutations.any(bytes, r);
    }

    /** A grey, colour or palette PNG, or a colour JPEG, of random content. */
    private static Path randomImage(Path folder, String name, int h, int w, Random r) {
        return switch (r.nextInt(4)) {
            case 0 -> TestFiles.greyPng(folder.resolve(name + ".png"), h, w, r.nextInt(256));
            case 1 -> TestFiles.rgbImage(folder.resolve(name + ".png"), h, w, r.nextInt(256), r.nextInt(256),
                    r.nextInt(256), "png");
            case 2 -> paletteImage(folder.resolve(name + ".png"), h, w, r);
            default -> TestFiles.rgbImage(folder.resolve(name + ".jpg"), h, w, r.nextInt(256), r.nextInt(256),
                    r.nextInt(256), "jpg");
        };
    }

    /** A 4-colour palette PNG. */
    private static Path paletteImage(Path file, int h, int w, Random r) {
        byte[] red = new byte[4];
        byte[] green = new byte[4];
        byte[] blue = new byte[4];
        r.nextBytes(red);
        r.nextBytes(green);
        r.nextBytes(blue);
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_BINARY, new IndexColorModel(2, 4, red, green, blue));
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                img.getRaster().setSample(x, y, 0, r.nextInt(4));
            }
        }
        return TestFiles.writeImage(file, img, "png");
    }
}

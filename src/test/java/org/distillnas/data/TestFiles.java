package org.distillnas.data;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;
import javax.imageio.ImageIO;

/** Writes small data files in the real formats, for the readers' tests. */
final class TestFiles {
    private TestFiles() {}

    /** IDX bytes: magic, dims, payload. */
    static byte[] idx(int magic, int[] dims, byte[] payload) {
        ByteBuffer b = ByteBuffer.allocate(4 + 4 * dims.length + payload.length);
        b.putInt(magic);
        for (int d : dims) {
            b.putInt(d);
        }
        b.put(payload);
        return b.array();
    }

    static byte[] gzip(byte[] content) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (OutputStream out = new GZIPOutputStream(bytes)) {
            out.write(content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    static Path write(Path file, byte[] content) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            return Files.write(file, content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Pixels where image i, byte k holds (7 * i + k) mod 256: every image differs. */
    static byte[] patternPixels(int images, int imageBytes) {
        byte[] px = new byte[images * imageBytes];
        for (int i = 0; i < images; i++) {
            for (int k = 0; k < imageBytes; k++) {
                px[i * imageBytes + k] = (byte) (7 * i + k);
            }
        }
        return px;
    }

    /** CIFAR records: {@code labelBytes} label bytes then 3072 pattern pixels each. */
    static byte[] cifarRecords(int[][] labelsPerRecord, int firstImage) {
        int rec = labelsPerRecord[0].length + CifarReader.IMAGE_BYTES;
        byte[] out = new byte[labelsPerRecord.length * rec];
        byte[] px = patternPixels(firstImage + labelsPerRecord.length, CifarReader.IMAGE_BYTES);
        for (int r = 0; r < labelsPerRecord.length; r++) {
            for (int l = 0; l < labelsPerRecord[r].length; l++) {
                out[r * rec + l] = (byte) labelsPerRecord[r][l];
            }
            System.arraycopy(px, (firstImage + r) * CifarReader.IMAGE_BYTES, out, r * rec + labelsPerRecord[r].length,
                    CifarReader.IMAGE_BYTES);
        }
        return out;
    }

    /** A greyscale PNG whose pixel (y, x) is {@code base + 10 * y + x}. */
    static Path greyPng(Path file, int height, int width, int base) {
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                img.getRaster().setSample(x, y, 0, (base + 10 * y + x) & 0xFF);
            }
        }
        return writeImage(file, img, "png");
    }

    /** A colour image whose pixel (y, x) is RGB (r + y, g + x, b). */
    static Path rgbImage(Path file, int height, int width, int r, int g, int b, String format) {
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                img.setRGB(x, y, ((r + y) & 0xFF) << 16 | ((g + x) & 0xFF) << 8 | (b & 0xFF));
            }
        }
        return writeImage(file, img, format);
    }

    static Path writeImage(Path file, BufferedImage img, String format) {
        try {
            Files.createDirectories(file.getParent());
            if (!ImageIO.write(img, format, file.toFile())) {
                throw new IllegalStateException("no ImageIO writer for " + format);
            }
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

package org.distillnas.data;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.IndexColorModel;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HexFormat;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;
import org.distillnas.util.BadInputException;

/**
 * Turns one image file into CHW bytes: one channel for greyscale images, three (RGB) for colour
 * ones, optionally resized with bilinear interpolation. Alpha is dropped, as PIL's
 * {@code convert("RGB")} does in torchvision's folder loader.
 *
 * <p>Only PNG and JPEG are read, whatever the file's name says. Before the JDK's decoder sizes a
 * single buffer, a PNG's chunks are checked by {@link PngChunks}, and the declared width and
 * height of either format must fit both one Java array and what the file's bytes can encode.
 */
final class ImageDecoder {
    /** The most RGB bytes one image may decode to: one Java array. */
    private static final long MAX_IMAGE_BYTES = Integer.MAX_VALUE - 16;
    /**
     * Twice the most pixels one byte of JPEG can encode: every 8x8 block of luma codes its DC
     * coefficient with a Huffman code of at least one bit, so a byte covers at most 8 blocks of 64
     * pixels. Twice that is a margin, so no real file is refused.
     */
    private static final long JPEG_PIXELS_PER_BYTE = 2 * 8 * 64;

    private ImageDecoder() {}

    /** A decoded image: {@code channels * height * width} bytes, CHW. */
    record Decoded(byte[] chw, int channels, int height, int width) {}

    /**
     * @param targetHeight height to resize to, or 0 to keep the file's size (then {@code targetWidth} is ignored)
     */
    static Decoded decode(Path file, int targetHeight, int targetWidth, String howToGet) {
        BufferedImage img = read(file, howToGet);
        boolean grey = isGrey(img.getColorModel());
        int h = img.getHeight();
        int w = img.getWidth();
        Decoded d = grey ? new Decoded(greyBytes(img), 1, h, w) : new Decoded(rgbBytes(img), 3, h, w);
        if (targetHeight > 0 && (targetHeight != h || targetWidth != w)) {
            d = resize(d, targetHeight, targetWidth);
        }
        return d;
    }

    /** Decodes a PNG or JPEG after checking its declared size against its bytes. */
    private static BufferedImage read(Path file, String howToGet) {
        byte[] bytes = readAll(file, howToGet);
        String format;
        if (PngChunks.isPng(bytes)) {
            bytes = PngChunks.validated(bytes, file, howToGet);
            format = "png";
        } else if (bytes.length >= 3 && (bytes[0] & 0xFF) == 0xFF && (bytes[1] & 0xFF) == 0xD8 && (bytes[2] & 0xFF) == 0xFF) {
            format = "jpeg";
        } else {
            throw DataFileErrors.corrupt(file, "not a PNG or JPEG image (it starts with bytes "
                    + HexFormat.ofDelimiter(" ").formatHex(bytes, 0, Math.min(8, bytes.length)) + ")", howToGet);
        }
        ImageReader reader = ImageIO.getImageReadersByFormatName(format).next();
        try (ImageInputStream in = new MemoryCacheImageInputStream(new ByteArrayInputStream(bytes))) {
            // As ImageIO.read does: forward only, metadata ignored.
            reader.setInput(in, true, true);
            checkSize(file, format, reader.getWidth(0), reader.getHeight(0), bytes.length, howToGet);
            return reader.read(0);
        } catch (IOException e) {
            throw DataFileErrors.corrupt(file, "cannot decode image (" + e.getMessage() + ")", howToGet);
        } catch (BadInputException e) {
            throw e;
        } catch (RuntimeException e) {
            // The JDK's decoders report some malformed data with unchecked exceptions
            // (IllegalArgumentException, ArrayIndexOutOfBoundsException, ...): still a bad file.
            throw DataFileErrors.corrupt(file, "cannot decode image (" + e + ")", howToGet);
        } finally {
            reader.dispose();
        }
    }

    private static void checkSize(Path file, String format, int width, int height, long fileBytes, String howToGet) {
        long pixels = (long) width * height;
        if (width <= 0 || height <= 0 || 3 * pixels > MAX_IMAGE_BYTES) {
            throw DataFileErrors.corrupt(file, "the image declares " + width + " x " + height
                    + " pixels, more than one array can hold", howToGet);
        }
        if (format.equals("jpeg") && pixels > JPEG_PIXELS_PER_BYTE * fileBytes) {
            throw DataFileErrors.corrupt(file, "the JPEG declares " + width + " x " + height + " pixels, more than its "
                    + fileBytes + " bytes can encode", howToGet);
        }
    }

    private static byte[] readAll(Path file, String howToGet) {
        try {
            if (Files.size(file) > MAX_IMAGE_BYTES) {
                throw DataFileErrors.corrupt(file, "its " + Files.size(file) + " bytes are more than one array can hold",
                        howToGet);
            }
            return Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw DataFileErrors.missing(file, howToGet);
        } catch (IOException e) {
            throw new BadInputException("cannot read image " + file + ": " + e.getMessage(), e);
        }
    }

    /** Repeats a one-channel image's plane three times, so greyscale images can join colour ones. */
    static byte[] greyToRgb(byte[] grey) {
        byte[] rgb = new byte[grey.length * 3];
        for (int c = 0; c < 3; c++) {
            System.arraycopy(grey, 0, rgb, c * grey.length, grey.length);
        }
        return rgb;
    }

    /**
     * Greyscale means one colour component, or a palette whose entries are all grey: ImageIO
     * decodes 1-, 2- and 4-bit greyscale PNGs into palette images.
     */
    private static boolean isGrey(ColorModel cm) {
        if (cm instanceof IndexColorModel icm) {
            for (int i = 0; i < icm.getMapSize(); i++) {
                int r = icm.getRed(i);
                if (r != icm.getGreen(i) || r != icm.getBlue(i)) {
                    return false;
                }
            }
            return true;
        }
        return cm.getNumColorComponents() == 1;
    }

    private static byte[] greyBytes(BufferedImage img) {
        int w = img.getWidth();
        int h = img.getHeight();
        byte[] out = new byte[w * h];
        ColorModel cm = img.getColorModel();
        if (cm instanceof IndexColorModel) {
            int[] argb = img.getRGB(0, 0, w, h, null, 0, w);
            for (int i = 0; i < out.length; i++) {
                out[i] = (byte) argb[i];
            }
            return out;
        }
        // Raw samples rather than getRGB: getRGB would pass grey through a colour-space conversion
        // that changes the values of linear-grey images.
        int[] samples = img.getRaster().getSamples(0, 0, w, h, 0, (int[]) null);
        int bits = cm.getComponentSize(0);
        int max = (1 << bits) - 1;
        for (int i = 0; i < out.length; i++) {
            out[i] = (byte) (bits == 8 ? samples[i] : (samples[i] * 255 + max / 2) / max);
        }
        return out;
    }

    private static byte[] rgbBytes(BufferedImage img) {
        int w = img.getWidth();
        int h = img.getHeight();
        int plane = w * h;
        int[] argb = img.getRGB(0, 0, w, h, null, 0, w);
        byte[] out = new byte[3 * plane];
        for (int i = 0; i < plane; i++) {
            int p = argb[i];
            out[i] = (byte) (p >> 16);
            out[plane + i] = (byte) (p >> 8);
            out[2 * plane + i] = (byte) p;
        }
        return out;
    }

    private static Decoded resize(Decoded d, int th, int tw) {
        int type = d.channels() == 1 ? BufferedImage.TYPE_BYTE_GRAY : BufferedImage.TYPE_INT_RGB;
        BufferedImage src = new BufferedImage(d.width(), d.height(), type);
        int plane = d.width() * d.height();
        if (d.channels() == 1) {
            src.getRaster().setDataElements(0, 0, d.width(), d.height(), d.chw());
        } else {
            int[] rgb = new int[plane];
            byte[] b = d.chw();
            for (int i = 0; i < plane; i++) {
                rgb[i] = (b[i] & 0xFF) << 16 | (b[plane + i] & 0xFF) << 8 | (b[2 * plane + i] & 0xFF);
            }
            src.setRGB(0, 0, d.width(), d.height(), rgb, 0, d.width());
        }
        // Same type on both sides, so drawing copies values and applies no colour conversion.
        BufferedImage dst = new BufferedImage(tw, th, type);
        Graphics2D g = dst.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            g.drawImage(src, 0, 0, tw, th, null);
        } finally {
            g.dispose();
        }
        byte[] out = d.channels() == 1 ? (byte[]) dst.getRaster().getDataElements(0, 0, tw, th, null) : rgbBytes(dst);
        return new Decoded(out, d.channels(), th, tw);
    }
}

package org.distillnas.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.distillnas.util.BadInputException;

/**
 * Reads a folder laid out like torchvision's {@code ImageFolder}: {@code root/<class>/<image>},
 * with classes numbered in the sorted order of their folder names and images taken in the sorted
 * order of their file names, so the same folder always gives the same data set.
 *
 * <p>Images are {@code .png}, {@code .jpg} or {@code .jpeg} (any case). A folder of greyscale
 * images gives one channel; if any image is in colour, all give three, greyscale ones repeated.
 * Without a target size all images must have the same size; with one, each is resized to it.
 */
public final class ImageFolderReader {
    private ImageFolderReader() {}

    /** The class folder names under {@code root}, sorted; hidden folders are skipped. */
    public static List<String> classNames(Path root) {
        return classNames(root, DatasetKind.IMAGE_FOLDER.howToGet());
    }

    /** All images under {@code root}, which must all have one size. */
    public static ImageDataset read(Path root, String name) {
        return read(root, name, 0, 0);
    }

    /**
     * All images under {@code root}, resized to {@code targetHeight x targetWidth}, or kept as they
     * are if both are 0.
     */
    public static ImageDataset read(Path root, String name, int targetHeight, int targetWidth) {
        if (targetHeight < 0 || targetWidth < 0 || (targetHeight == 0) != (targetWidth == 0)) {
            throw new BadInputException("image target size " + targetHeight + "x" + targetWidth
                    + " must be two positive numbers, or 0x0 to keep the images' own size");
        }
        return read(root, name, null, targetHeight, targetWidth, 0, DatasetKind.IMAGE_FOLDER.howToGet());
    }

    /**
     * The full reader.
     *
     * @param classes the expected class folders, or null to take whatever {@code root} holds
     * @param channels 1 or 3 to force that many channels (colour images are refused where 1 is
     *     forced), 0 to decide from the images
     */
    static ImageDataset read(Path root, String name, List<String> classes, int targetHeight, int targetWidth,
            int channels, String howToGet) {
        List<String> found = classNames(root, howToGet);
        if (classes != null && !classes.equals(found)) {
            throw new BadInputException("image folder " + root + " has classes " + found + " but " + classes
                    + " were expected: every split needs the same class folders");
        }
        List<ImageDecoder.Decoded> images = new ArrayList<>();
        List<Integer> labels = new ArrayList<>();
        Path first = null;
        boolean anyColour = false;
        for (int label = 0; label < found.size(); label++) {
            for (Path file : imageFiles(root.resolve(found.get(label)), howToGet)) {
                ImageDecoder.Decoded d = ImageDecoder.decode(file, targetHeight, targetWidth, howToGet);
                if (first == null) {
                    first = file;
                } else if (d.height() != images.get(0).height() || d.width() != images.get(0).width()) {
                    throw new BadInputException("image " + file + " is " + d.height() + "x" + d.width()
                            + " (height x width) but " + first + " is " + images.get(0).height() + "x"
                            + images.get(0).width() + ": make all images one size or give a target size");
                }
                if (channels == 1 && d.channels() == 3) {
                    throw new BadInputException("image " + file + " is in colour but the images it must match are"
                            + " greyscale: convert it or make the training images colour");
                }
                anyColour |= d.channels() == 3;
                images.add(d);
                labels.add(label);
            }
        }
        int c = channels != 0 ? channels : anyColour ? 3 : 1;
        ImageDecoder.Decoded shape = images.get(0);
        int imageBytes = c * shape.height() * shape.width();
        if ((long) images.size() * imageBytes > Integer.MAX_VALUE) {
            throw new BadInputException("image folder " + root + " holds " + images.size() + " images of " + c + "x"
                    + shape.height() + "x" + shape.width() + ", more pixels than one array can hold: use fewer images"
                    + " or give a smaller target size");
        }
        byte[] pixels = new byte[images.size() * imageBytes];
        for (int i = 0; i < images.size(); i++) {
            ImageDecoder.Decoded d = images.get(i);
            byte[] chw = d.channels() == c ? d.chw() : ImageDecoder.greyToRgb(d.chw());
            System.arraycopy(chw, 0, pixels, i * imageBytes, imageBytes);
        }
        int[] lb = labels.stream().mapToInt(Integer::intValue).toArray();
        return new ImageDataset(name, pixels, lb, c, shape.height(), shape.width(), found.size());
    }

    private static List<String> classNames(Path root, String howToGet) {
        if (!Files.isDirectory(root)) {
            throw new BadInputException("missing image folder " + root + ": " + howToGet);
        }
        List<String> names;
        try (Stream<Path> s = Files.list(root)) {
            names = s.filter(Files::isDirectory)
                    .map(p -> p.getFileName().toString())
                    .filter(n -> !n.startsWith("."))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new BadInputException("cannot list image folder " + root + ": " + e.getMessage(), e);
        }
        if (names.isEmpty()) {
            throw new BadInputException("image folder " + root + " has no class subfolders: " + howToGet);
        }
        return names;
    }

    private static List<Path> imageFiles(Path classDir, String howToGet) {
        List<Path> files;
        try (Stream<Path> s = Files.list(classDir)) {
            files = s.filter(Files::isRegularFile).filter(ImageFolderReader::isImage)
                    .sorted((a, b) -> a.getFileName().toString().compareTo(b.getFileName().toString()))
                    .toList();
        } catch (IOException e) {
            throw new BadInputException("cannot list image folder " + classDir + ": " + e.getMessage(), e);
        }
        if (files.isEmpty()) {
            // An empty class would still count as an output the network can never learn to
            // predict; torchvision's ImageFolder refuses it too.
            throw new BadInputException("image class folder " + classDir + " holds no .png, .jpg or .jpeg images: "
                    + howToGet);
        }
        return files;
    }

    private static boolean isImage(Path p) {
        String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
        return !n.startsWith(".") && (n.endsWith(".png") || n.endsWith(".jpg") || n.endsWith(".jpeg"));
    }
}

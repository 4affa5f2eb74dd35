package org.distillnas.data;

import java.nio.file.Files;
import java.nio.file.Path;
import org.distillnas.util.BadInputException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads a data set's training and test parts from their usual file layout, downloading the
 * public ones first if asked to.
 *
 * <p>Layouts under the data folder:
 * <ul>
 *   <li>fashion-mnist: {@code train-images-idx3-ubyte}, {@code train-labels-idx1-ubyte},
 *       {@code t10k-images-idx3-ubyte}, {@code t10k-labels-idx1-ubyte}, each gzipped ({@code .gz}) or plain;
 *   <li>cifar10: {@code cifar-10-batches-bin/} as in the official archive (or the data folder may be
 *       that folder itself);
 *   <li>cifar100: {@code cifar-100-binary/} likewise;
 *   <li>image-folder: {@code train/} and {@code test/} (or {@code val/}), each with one folder per class.
 * </ul>
 */
public final class Datasets {
    private static final Logger LOG = LoggerFactory.getLogger(Datasets.class);
    private static final String[] FASHION_STEMS = {
        "train-images-idx3-ubyte", "train-labels-idx1-ubyte", "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte"
    };

    private static final String[] CIFAR10_FILES = {
        "data_batch_1.bin", "data_batch_2.bin", "data_batch_3.bin", "data_batch_4.bin", "data_batch_5.bin",
        "test_batch.bin"
    };
    private static final String[] CIFAR100_FILES = {"train.bin", "test.bin"};

    private Datasets() {}

    /**
     * Loads {@code kind} from {@code dataDir}, or from {@link DatasetKind#defaultDataDir()} if it is
     * null, after downloading missing files when {@code download} is set.
     *
     * @throws BadInputException with one line naming the missing or bad file and how to get it
     */
    public static DataSplits load(DatasetKind kind, Path dataDir, boolean download) {
        return load(kind, dataDir, download, new Downloader());
    }

    /** As {@link #load(DatasetKind, Path, boolean)}, downloading through {@code downloader}. */
    public static DataSplits load(DatasetKind kind, Path dataDir, boolean download, Downloader downloader) {
        return switch (kind) {
            case FASHION_MNIST -> fashionMnist(fashionDir(dataDir, download), download, downloader);
            case CIFAR10 -> cifar(kind, dataDir, download, downloader, Downloader.CIFAR10_FOLDER);
            case CIFAR100 -> cifar(kind, dataDir, download, downloader, Downloader.CIFAR100_FOLDER);
            case IMAGE_FOLDER -> {
                if (download) {
                    LOG.warn("--download has no effect on an image folder");
                }
                yield imageFolder(dataDir, 0, 0);
            }
        };
    }

    /**
     * Loads an image folder's {@code train/} and {@code test/} (or {@code val/}) parts, resized to
     * {@code targetHeight x targetWidth} unless both are 0. The test part must have the same class
     * folders, image size and channel count as the training part (greyscale test images are
     * widened to colour when the training images are in colour).
     */
    public static DataSplits imageFolder(Path dataDir, int targetHeight, int targetWidth) {
        String hint = DatasetKind.IMAGE_FOLDER.howToGet();
        if (dataDir == null) {
            throw new BadInputException("the image-folder dataset has no default location: " + hint);
        }
        Path trainDir = dataDir.resolve("train");
        Path testDir = Files.isDirectory(dataDir.resolve("test")) ? dataDir.resolve("test") : dataDir.resolve("val");
        if (!Files.isDirectory(trainDir)) {
            throw new BadInputException("missing image folder " + trainDir + ": " + hint);
        }
        if (!Files.isDirectory(testDir)) {
            throw new BadInputException("missing image folder " + dataDir.resolve("test") + " (or val): " + hint);
        }
        // The folder's own name says more in logs and reports than "image-folder" would.
        Path folderName = dataDir.toAbsolutePath().normalize().getFileName();
        String name = folderName == null ? DatasetKind.IMAGE_FOLDER.cliName() : folderName.toString();
        ImageDataset train = ImageFolderReader.read(trainDir, name, targetHeight, targetWidth);
        ImageDataset test = ImageFolderReader.read(testDir, name, ImageFolderReader.classNames(trainDir),
                targetHeight, targetWidth, train.channels(), hint);
        if (test.height() != train.height() || test.width() != train.width()) {
            throw new BadInputException("images in " + testDir + " are " + test.height() + "x" + test.width()
                    + " but those in " + trainDir + " are " + train.height() + "x" + train.width()
                    + ": make them one size or give a target size");
        }
        return new DataSplits(train, test);
    }

    /**
     * Debian's package folder if it holds the files (installing the package first when a download
     * is wanted and apt-get can run); else the per-user folder if it does or a
     * download is wanted there (Debian's folder belongs to root); else Debian's, so the error
     * names the package's path.
     */
    private static Path fashionDir(Path dataDir, boolean download) {
        if (dataDir != null) {
            return dataDir;
        }
        Path system = DatasetKind.FASHION_MNIST.defaultDataDir();
        Path user = DatasetKind.FASHION_MNIST.userDataDir();
        if (hasFashionFiles(system)) {
            return system;
        }
        if (download && !hasFashionFiles(user) && DebianPackage.install("dataset-fashion-mnist")
                && hasFashionFiles(system)) {
            return system;
        }
        return download || hasFashionFiles(user) ? user : system;
    }

    private static boolean hasFashionFiles(Path dir) {
        for (String stem : FASHION_STEMS) {
            if (!Files.exists(dir.resolve(stem + ".gz")) && !Files.exists(dir.resolve(stem))) {
                return false;
            }
        }
        return true;
    }

    private static boolean hasAll(Path dir, String[] names) {
        for (String n : names) {
            if (!Files.exists(dir.resolve(n))) {
                return false;
            }
        }
        return true;
    }

    private static DataSplits fashionMnist(Path dir, boolean download, Downloader downloader) {
        if (download && !hasFashionFiles(dir)) {
            downloader.fashionMnist(dir);
        }
        String hint = DatasetKind.FASHION_MNIST.howToGet();
        String name = DatasetKind.FASHION_MNIST.cliName();
        ImageDataset train = IdxReader.read(name, idxFile(dir, FASHION_STEMS[0]), idxFile(dir, FASHION_STEMS[1]),
                10, hint);
        ImageDataset test = IdxReader.read(name, idxFile(dir, FASHION_STEMS[2]), idxFile(dir, FASHION_STEMS[3]),
                10, hint);
        return new DataSplits(train, test);
    }

    /** The plain file if only it exists, else the gzipped one (named in errors, as it is the official form). */
    private static Path idxFile(Path dir, String stem) {
        Path plain = dir.resolve(stem);
        Path gz = dir.resolve(stem + ".gz");
        return Files.exists(plain) && !Files.exists(gz) ? plain : gz;
    }

    private static DataSplits cifar(DatasetKind kind, Path dataDir, boolean download, Downloader downloader,
            String folder) {
        Path dir = dataDir != null ? dataDir : kind.defaultDataDir();
        // Accept the unpacked folder itself as well as its parent: users point at either.
        boolean isFolderItself = !Files.isDirectory(dir.resolve(folder)) && dir.getFileName() != null
                && dir.getFileName().toString().equals(folder);
        Path files = isFolderItself ? dir : dir.resolve(folder);
        if (download && !hasAll(files, kind == DatasetKind.CIFAR10 ? CIFAR10_FILES : CIFAR100_FILES)) {
            downloader.download(kind, isFolderItself ? dir.toAbsolutePath().getParent() : dir);
        }
        String hint = kind.howToGet();
        ImageDataset train = kind == DatasetKind.CIFAR10
                ? CifarReader.cifar10(files, true, hint) : CifarReader.cifar100(files, true, hint);
        ImageDataset test = kind == DatasetKind.CIFAR10
                ? CifarReader.cifar10(files, false, hint) : CifarReader.cifar100(files, false, hint);
        return new DataSplits(train, test);
    }
}

package org.distillnas.data;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;
import org.distillnas.util.BadInputException;

/** The data sets the library can load, by the names the command line uses. */
public enum DatasetKind {
    FASHION_MNIST("fashion-mnist",
            "install Debian's dataset-fashion-mnist (apt-get install dataset-fashion-mnist), or pass --download,"
                    + " or point --data-dir at a folder holding it"),
    CIFAR10("cifar10",
            "pass --download (it fetches " + Downloader.CIFAR_URL + Downloader.CIFAR10_ARCHIVE + "), or unpack that"
                    + " archive into the data folder, or point --data-dir at a folder holding cifar-10-batches-bin/"),
    CIFAR100("cifar100",
            "pass --download (it fetches " + Downloader.CIFAR_URL + Downloader.CIFAR100_ARCHIVE + "), or unpack that"
                    + " archive into the data folder, or point --data-dir at a folder holding cifar-100-binary/"),
    IMAGE_FOLDER("image-folder",
            "point --data-dir at a folder with train/ and test/ (or val/) subfolders, each holding one folder of"
                    + " .png/.jpg images per class");

    /** Where Debian's dataset-fashion-mnist package puts its files. */
    static final Path DEBIAN_FASHION_MNIST = Path.of("/usr/share/datasets/fashion-mnist");

    private final String cliName;
    private final String howToGet;

    DatasetKind(String cliName, String howToGet) {
        this.cliName = cliName;
        this.howToGet = howToGet;
    }

    /** The name used on the command line and in {@link Normalization#of(String)}. */
    public String cliName() {
        return cliName;
    }

    /** A sentence telling the user how to obtain this data set's files, for error messages. */
    public String howToGet() {
        return howToGet;
    }

    /**
     * Where the data set is looked for when no folder is given: Debian's package folder for
     * Fashion-MNIST, {@code ~/.distillnas/data/<name>} for the others. Image folders have no
     * default location; for them this is only a suggestion.
     */
    public Path defaultDataDir() {
        return this == FASHION_MNIST ? DEBIAN_FASHION_MNIST : userDataDir();
    }

    /** {@code ~/.distillnas/data/<name>}: where downloads go when no folder is given. */
    public Path userDataDir() {
        return Path.of(System.getProperty("user.home"), ".distillnas", "data", cliName);
    }

    /**
     * The kind named {@code name} (case and surrounding spaces ignored).
     *
     * @throws BadInputException naming the accepted values
     */
    public static DatasetKind parse(String name) {
        String key = name == null ? "" : name.trim().toLowerCase(Locale.ROOT);
        for (DatasetKind k : values()) {
            if (k.cliName.equals(key)) {
                return k;
            }
        }
        throw new BadInputException("unknown dataset '" + name + "': expected one of "
                + Arrays.stream(values()).map(DatasetKind::cliName).collect(Collectors.joining(", ")));
    }
}

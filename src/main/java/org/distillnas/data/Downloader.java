package org.distillnas.data;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import org.distillnas.util.AtomicFiles;
import org.distillnas.util.BadInputException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fetches the public data sets from their official addresses, only when the user asks for it.
 *
 * <p>Every file is written to a temporary file in its target folder, checked against its
 * published digest, and only then renamed to its final name. A failed, damaged or interrupted
 * download therefore never leaves a file at the final path that a reader could mistake for the
 * real one. Archives are unpacked the same way (see {@link TarExtractor}) and then deleted.
 *
 * <p>The transport and the base addresses are injectable, so tests run the whole path on local
 * data without touching the network.
 */
public final class Downloader {
    /** Fashion-MNIST's official folder. */
    public static final String FASHION_MNIST_URL = "http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/";
    /** The CIFAR archives' official folder. */
    public static final String CIFAR_URL = "https://www.cs.toronto.edu/~kriz/";
    public static final String CIFAR10_ARCHIVE = "cifar-10-binary.tar.gz";
    public static final String CIFAR100_ARCHIVE = "cifar-100-binary.tar.gz";
    /** The folder inside the CIFAR-10 archive that holds the batches. */
    public static final String CIFAR10_FOLDER = "cifar-10-batches-bin";
    /** The folder inside the CIFAR-100 archive that holds train.bin and test.bin. */
    public static final String CIFAR100_FOLDER = "cifar-100-binary";

    private static final String CIFAR10_MD5 = "c32a1d4ab5d03f1284b67883e8d87530";
    private static final String CIFAR100_MD5 = "03b5dce01913d631647c71ecec9e9cb8";

    /** A file of the official release and its published MD5. */
    private record Remote(String name, String md5) {}

    /** The four gzip files of Fashion-MNIST, as published (Debian's recompressed copies differ). */
    private static final List<Remote> FASHION_MNIST_FILES = List.of(
            new Remote("train-images-idx3-ubyte.gz", "8d4fb7e6c68d591d4c3dfef9ec88bf0d"),
            new Remote("train-labels-idx1-ubyte.gz", "25c81989df183df01b3e8a0aad5dffbe"),
            new Remote("t10k-images-idx3-ubyte.gz", "bef4ecab320f06d8554ea6380940ec79"),
            new Remote("t10k-labels-idx1-ubyte.gz", "bb300cfdad3c16e7a12a480ee83cd310"));

    private static final Logger LOG = LoggerFactory.getLogger(Downloader.class);

    private final Fetcher fetcher;
    private final URI fashionMnistBase;
    private final URI cifarBase;

    /** Downloads over the network from the official addresses. */
    public Downloader() {
        this(Fetcher.standard());
    }

    /** Downloads from the official addresses through {@code fetcher}. */
    public Downloader(Fetcher fetcher) {
        this(fetcher, URI.create(FASHION_MNIST_URL), URI.create(CIFAR_URL));
    }

    /** Downloads through {@code fetcher} from mirrors; each base must end with a slash. */
    public Downloader(Fetcher fetcher, URI fashionMnistBase, URI cifarBase) {
        this.fetcher = fetcher;
        this.fashionMnistBase = fashionMnistBase;
        this.cifarBase = cifarBase;
    }

    /** Fetches what {@code kind} needs into {@code dir}, skipping files already there. */
    public void download(DatasetKind kind, Path dir) {
        switch (kind) {
            case FASHION_MNIST -> fashionMnist(dir);
            case CIFAR10 -> cifar10(dir);
            case CIFAR100 -> cifar100(dir);
            case IMAGE_FOLDER -> throw new BadInputException("there is nothing to download for an image folder: "
                    + DatasetKind.IMAGE_FOLDER.howToGet());
        }
    }

    /** The four Fashion-MNIST files into {@code dir}, except those present, gzipped or not. */
    public void fashionMnist(Path dir) {
        for (Remote r : FASHION_MNIST_FILES) {
            Path gz = dir.resolve(r.name());
            Path plain = dir.resolve(r.name().substring(0, r.name().length() - ".gz".length()));
            if (!Files.exists(gz) && !Files.exists(plain)) {
                fetchVerified(fashionMnistBase.resolve(r.name()), gz, r.md5());
            }
        }
    }

    /** The CIFAR-10 binary archive, unpacked to {@code dir/cifar-10-batches-bin}. */
    public void cifar10(Path dir) {
        fetchArchive(cifarBase.resolve(CIFAR10_ARCHIVE), CIFAR10_MD5, dir, CIFAR10_FOLDER);
    }

    /** The CIFAR-100 binary archive, unpacked to {@code dir/cifar-100-binary}. */
    public void cifar100(Path dir) {
        fetchArchive(cifarBase.resolve(CIFAR100_ARCHIVE), CIFAR100_MD5, dir, CIFAR100_FOLDER);
    }

    /**
     * Downloads the {@code .tar.gz} at {@code uri} into {@code dir}, verifies it, unpacks its
     * {@code folder/} to {@code dir/folder/} and deletes the archive.
     */
    public void fetchArchive(URI uri, String expectedDigest, Path dir, String folder) {
        String path = uri.getPath();
        Path archive = dir.resolve(path.substring(path.lastIndexOf('/') + 1));
        fetchVerified(uri, archive, expectedDigest);
        try {
            LOG.info("unpacking {} into {}", archive, dir.resolve(folder));
            TarExtractor.extract(archive, folder, dir);
            // The unpacked files are what the readers use; the archive would only double the disk use.
            Files.delete(archive);
        } catch (IOException e) {
            throw new BadInputException("cannot unpack " + archive + ": " + e.getMessage()
                    + "; delete it and download again", e);
        }
    }

    /**
     * Downloads {@code uri} to {@code target} if its digest matches {@code expectedDigest} (32 hex
     * digits for MD5, 64 for SHA-256). Nothing is left at {@code target} or beside it on failure.
     *
     * @throws BadInputException on a transfer error or a digest mismatch
     */
    public void fetchVerified(URI uri, Path target, String expectedDigest) {
        String algorithm = algorithmFor(expectedDigest);
        Path dir = target.toAbsolutePath().getParent();
        Path tmp = null;
        try {
            Files.createDirectories(dir);
            tmp = Files.createTempFile(dir, "." + target.getFileName(), ".part");
            LOG.info("downloading {} to {}", uri, target);
            MessageDigest digest = MessageDigest.getInstance(algorithm);
            try (InputStream in = new DigestInputStream(fetcher.open(uri), digest);
                    OutputStream out = Files.newOutputStream(tmp, StandardOpenOption.WRITE)) {
                in.transferTo(out);
            }
            String actual = HexFormat.of().formatHex(digest.digest());
            if (!actual.equalsIgnoreCase(expectedDigest)) {
                throw new BadInputException("download of " + uri + " has " + algorithm + " " + actual + ", expected "
                        + expectedDigest.toLowerCase(Locale.ROOT) + ": it was damaged on the way or changed at the"
                        + " source, so it was not kept");
            }
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                ch.force(true);
            }
            AtomicFiles.moveAtomically(tmp, target);
            tmp = null;
        } catch (IOException e) {
            throw new BadInputException("download of " + uri + " failed (" + e.getMessage() + "): check the network,"
                    + " or fetch it by hand to " + target, e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this Java lacks " + algorithm, e);
        } finally {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // the download's own error is the one worth reporting
                }
            }
        }
    }

    private static String algorithmFor(String hex) {
        if (hex != null && hex.matches("[0-9a-fA-F]{32}")) {
            return "MD5";
        }
        if (hex != null && hex.matches("[0-9a-fA-F]{64}")) {
            return "SHA-256";
        }
        throw new IllegalArgumentException("digest '" + hex + "' is neither 32 (MD5) nor 64 (SHA-256) hex digits");
    }
}

package org.distillnas.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;
import org.distillnas.util.BadInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DownloaderTest {
    @TempDir
    Path dir;

    /** Serves fixed bytes per address and records what was asked for; never touches the network. */
    static final class FakeFetcher implements Fetcher {
        final Map<URI, byte[]> content = new HashMap<>();
        final List<URI> requests = new ArrayList<>();
        byte[] fallback;

        @Override
        public InputStream open(URI uri) throws IOException {
            requests.add(uri);
            byte[] b = content.getOrDefault(uri, fallback);
            if (b == null) {
                throw new IOException("no such test resource " + uri);
            }
            return new ByteArrayInputStream(b);
        }
    }

    static String digest(String algorithm, byte[] content) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance(algorithm).digest(content));
    }

    private List<Path> listing() throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(p -> !p.equals(dir)).toList();
        }
    }

    @Test
    void verifiedDownloadLandsAtTheTarget() throws Exception {
        byte[] content = "hello data".getBytes(StandardCharsets.UTF_8);
        URI uri = URI.create("https://example.invalid/x.bin");
        FakeFetcher f = new FakeFetcher();
        f.content.put(uri, content);
        Path target = dir.resolve("sub/x.bin");
        new Downloader(f).fetchVerified(uri, target, digest("MD5", content));
        assertThat(target).hasBinaryContent(content);
        // The digest's length picks the algorithm: 64 hex digits mean SHA-256.
        Path other = dir.resolve("y.bin");
        new Downloader(f).fetchVerified(uri, other, digest("SHA-256", content).toUpperCase());
        assertThat(other).hasBinaryContent(content);
        assertThat(listing()).containsExactlyInAnyOrder(dir.resolve("sub"), target, other);
    }

    @Test
    void checksumMismatchLeavesNothingAndKeepsAnOldFile() throws Exception {
        FakeFetcher f = new FakeFetcher();
        f.fallback = "tampered".getBytes(StandardCharsets.UTF_8);
        String expected = digest("MD5", "original".getBytes(StandardCharsets.UTF_8));
        Path target = dir.resolve("x.bin");
        assertThatThrownBy(() -> new Downloader(f).fetchVerified(URI.create("http://h.invalid/x.bin"), target,
                expected))
                .isInstanceOf(BadInputException.class)
                .hasMessageContaining("has MD5 " + digest("MD5", f.fallback))
                .hasMessageContaining("expected " + expected);
        assertThat(listing()).isEmpty();

        Files.writeString(target, "old");
        assertThatThrownBy(() -> new Downloader(f).fetchVerified(URI.create("http://h.invalid/x.bin"), target,
                expected)).isInstanceOf(BadInputException.class);
        assertThat(target).hasContent("old");
        assertThat(listing()).containsExactly(target);
    }

    @Test
    void interruptedTransferLeavesNothing() throws Exception {
        byte[] content = new byte[100_000];
        Fetcher broken = uri -> new FilterInputStream(new ByteArrayInputStream(content)) {
            private int served;

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (served > 50_000) {
                    throw new IOException("connection reset");
                }
                int n = super.read(b, off, Math.min(len, 4096));
                served += n;
                return n;
            }
        };
        Path target = dir.resolve("x.bin");
        assertThatThrownBy(() -> new Downloader(broken).fetchVerified(URI.create("http://h.invalid/x"), target,
                digest("MD5", content)))
                .isInstanceOf(BadInputException.class)
                .hasMessageContaining("connection reset")
                .hasMessageContaining(target.toString());
        assertThat(listing()).isEmpty();
    }

    @Test
    void standardFetcherReadsFileAddresses(@TempDir Path source) throws Exception {
        byte[] content = {1, 2, 3, 4, 5};
        Path src = Files.write(source.resolve("remote.bin"), content);
        Path target = dir.resolve("local.bin");
        new Downloader(Fetcher.standard()).fetchVerified(src.toUri(), target, digest("MD5", content));
        assertThat(target).hasBinaryContent(content);
        assertThatThrownBy(() -> new Downloader(Fetcher.standard()).fetchVerified(URI.create("ftp://h.invalid/x"),
                dir.resolve("z"), digest("MD5", content))).hasMessageContaining("unsupported address scheme 'ftp'");
    }

    static byte[] tarGz(Map<String, byte[]> entries) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (OutputStream gz = new GzipCompressorOutputStream(bytes);
                TarArchiveOutputStream tar = new TarArchiveOutputStream(gz)) {
            for (Map.Entry<String, byte[]> e : entries.entrySet()) {
                TarArchiveEntry entry = new TarArchiveEntry(e.getKey());
                if (e.getValue() != null) {
                    entry.setSize(e.getValue().length);
                }
                tar.putArchiveEntry(entry);
                if (e.getValue() != null) {
                    tar.write(e.getValue());
                }
                tar.closeArchiveEntry();
            }
        }
        return bytes.toByteArray();
    }

    @Test
    void archiveIsVerifiedUnpackedAndDeleted() throws Exception {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        entries.put("top/", null);
        entries.put("top/a.bin", new byte[] {1, 2});
        entries.put("top/sub/b.bin", new byte[] {3});
        entries.put("other/c.bin", new byte[] {4});
        byte[] archive = tarGz(entries);
        URI uri = URI.create("https://h.invalid/data/set.tar.gz");
        FakeFetcher f = new FakeFetcher();
        f.content.put(uri, archive);
        new Downloader(f).fetchArchive(uri, digest("MD5", archive), dir, "top");
        assertThat(dir.resolve("top/a.bin")).hasBinaryContent(new byte[] {1, 2});
        assertThat(dir.resolve("top/sub/b.bin")).hasBinaryContent(new byte[] {3});
        assertThat(listing()).containsExactlyInAnyOrder(dir.resolve("top"), dir.resolve("top/a.bin"),
                dir.resolve("top/sub"), dir.resolve("top/sub/b.bin"));
    }

    @Test
    void unsafeArchiveEntryIsRefusedAndPlacesNothing() throws Exception {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        entries.put("top/ok.bin", new byte[] {1});
        entries.put("top/../../evil.bin", new byte[] {2});
        byte[] archive = tarGz(entries);
        URI uri = URI.create("https://h.invalid/set.tar.gz");
        FakeFetcher f = new FakeFetcher();
        f.content.put(uri, archive);
        assertThatThrownBy(() -> new Downloader(f).fetchArchive(uri, digest("MD5", archive), dir, "top"))
                .isInstanceOf(BadInputException.class)
                .hasMessageContaining("unsafe entry");
        // Only the verified archive stays; no extracted file reached its final place.
        assertThat(listing()).containsExactly(dir.resolve("set.tar.gz"));
    }

    @Test
    void officialCifarAddressAndChecksumAreUsed() throws Exception {
        FakeFetcher f = new FakeFetcher();
        f.fallback = tarGz(Map.of("cifar-10-batches-bin/test_batch.bin", new byte[3073]));
        assertThatThrownBy(() -> new Downloader(f).cifar10(dir))
                .isInstanceOf(BadInputException.class)
                .hasMessageContaining("expected c32a1d4ab5d03f1284b67883e8d87530");
        assertThat(f.requests).containsExactly(URI.create("https://www.cs.toronto.edu/~kriz/cifar-10-binary.tar.gz"));
        assertThat(listing()).isEmpty();
        assertThatThrownBy(() -> new Downloader(f).download(DatasetKind.CIFAR100, dir))
                .hasMessageContaining("expected 03b5dce01913d631647c71ecec9e9cb8");
        assertThat(listing()).isEmpty();
    }

    @Test
    void fashionMnistFetchesOnlyMissingFiles() throws Exception {
        FakeFetcher f = new FakeFetcher();
        f.fallback = new byte[] {0};
        Files.write(dir.resolve("train-images-idx3-ubyte.gz"), new byte[] {1});
        Files.write(dir.resolve("train-labels-idx1-ubyte"), new byte[] {1});
        Files.write(dir.resolve("t10k-images-idx3-ubyte.gz"), new byte[] {1});
        assertThatThrownBy(() -> new Downloader(f, URI.create("file:///mirror/"), URI.create("file:///m/"))
                .fashionMnist(dir))
                .hasMessageContaining("expected bb300cfdad3c16e7a12a480ee83cd310");
        assertThat(f.requests).containsExactly(URI.create("file:///mirror/t10k-labels-idx1-ubyte.gz"));
        assertThat(listing()).hasSize(3);
        assertThatThrownBy(() -> new Downloader(f).download(DatasetKind.IMAGE_FOLDER, dir))
                .hasMessageStartingWith("there is nothing to download for an image folder");
    }
}

package org.distillnas.data;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.distillnas.util.AtomicFiles;
import org.distillnas.util.Folders;

/**
 * Unpacks one top-level folder of a {@code .tar.gz} archive so that each file appears at its
 * final place whole or not at all.
 *
 * <p>Everything is first written to a hidden scratch folder beside the destination; only when
 * the whole archive has been read are the files renamed into place. A failed extraction
 * leaves no file at a final path; only a killed process can leave the hidden scratch folder
 * behind, and nothing reads it.
 */
final class TarExtractor {
    private TarExtractor() {}

    /**
     * Extracts the regular files under {@code topFolder/} in {@code archive} to {@code dir/topFolder/}.
     *
     * @return the extracted files' final paths
     * @throws IOException on a read error, or if the archive has no such files or a path that
     *     would escape the folder
     */
    static List<Path> extract(Path archive, String topFolder, Path dir) throws IOException {
        Path target = dir.resolve(topFolder);
        Path scratch = Files.createTempDirectory(dir, "." + topFolder + ".");
        try {
            List<Path> relative = new ArrayList<>();
            try (InputStream in = new GzipCompressorInputStream(new BufferedInputStream(Files.newInputStream(archive)));
                    TarArchiveInputStream tar = new TarArchiveInputStream(in)) {
                TarArchiveEntry e;
                while ((e = tar.getNextEntry()) != null) {
                    if (!e.isFile() || !e.getName().startsWith(topFolder + "/")) {
                        continue;
                    }
                    Path rel = Path.of(e.getName().substring(topFolder.length() + 1)).normalize();
                    // A crafted entry such as "top/../../x" must not write outside the folder.
                    if (rel.isAbsolute() || rel.startsWith("..") || rel.toString().isEmpty()) {
                        throw new IOException("archive " + archive + " has an unsafe entry " + e.getName());
                    }
                    Path out = scratch.resolve(rel);
                    Files.createDirectories(out.getParent());
                    Files.copy(tar, out);
                    relative.add(rel);
                }
            }
            if (relative.isEmpty()) {
                throw new IOException("archive " + archive + " holds no files under " + topFolder + "/");
            }
            List<Path> placed = new ArrayList<>();
            for (Path rel : relative) {
                Path dst = target.resolve(rel);
                Files.createDirectories(dst.getParent());
                AtomicFiles.moveAtomically(scratch.resolve(rel), dst);
                placed.add(dst);
            }
            return placed;
        } finally {
            Folders.deleteTree(scratch);
        }
    }

}

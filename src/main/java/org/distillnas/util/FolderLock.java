package org.distillnas.util;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * An exclusive lock on an output folder ({@code .lock} in it), so that two processes never write
 * one folder's files at once: a second {@code evolve} or {@code table} on the same folder would
 * delete or truncate the logs the first is appending to. The operating system releases the lock
 * when its process ends, however it ends (a SIGKILL included), so a killed run never leaves a
 * stale lock behind; the file itself stays, holding the last owner's process id.
 */
public final class FolderLock implements AutoCloseable {
    private final FileChannel channel;
    private final FileLock lock;

    private FolderLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Locks {@code dir} (created if needed) or fails with one line naming the folder and the
     * process that holds it.
     *
     * @param what the command, for the message ("evolve", "table")
     */
    public static FolderLock acquire(Path dir, String what) {
        Path file = dir.resolve(".lock");
        FileChannel ch = null;
        try {
            Files.createDirectories(dir);
            ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
            FileLock lock;
            try {
                lock = ch.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null; // held by this very process
            }
            if (lock == null) {
                String owner = Files.readString(file, StandardCharsets.UTF_8).strip();
                ch.close();
                throw new BadInputException(dir + " is in use by another " + what + (owner.isEmpty() ? "" : " (process "
                        + owner + ")") + ": wait for it to end, or give another output folder");
            }
            ch.truncate(0);
            ch.write(ByteBuffer.wrap(Long.toString(ProcessHandle.current().pid()).getBytes(StandardCharsets.UTF_8)), 0);
            return new FolderLock(ch, lock);
        } catch (IOException e) {
            try {
                if (ch != null) {
                    ch.close();
                }
            } catch (IOException ignored) {
                // the first error is the one to report
            }
            throw new UncheckedIOException("cannot lock " + dir + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        try {
            lock.release();
            channel.close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot release the lock of a folder: " + e.getMessage(), e);
        }
    }
}

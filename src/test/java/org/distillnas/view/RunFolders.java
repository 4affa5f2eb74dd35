package org.distillnas.view;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.stream.Stream;

/** Run folders made up for the listing and dashboard tests: the files a search or training writes. */
public final class RunFolders {
    private RunFolders() {}

    /** A search folder: config.json and one step and one epoch line per finished epoch. */
    public static Path search(Path dir, String method, int epochs, double... valAccs) throws IOException {
        Files.createDirectories(dir.resolve("checkpoints"));
        Files.writeString(dir.resolve("config.json"), "{\"space\": \"nb201\", \"method\": \"" + method
                + "\", \"dataset\": \"fashion-mnist\", \"epochs\": " + epochs + ", \"seed\": 3}");
        Files.writeString(dir.resolve("metrics.jsonl"), "");
        for (int e = 0; e < valAccs.length; e++) {
            appendEpoch(dir, e + 1, valAccs[e]);
        }
        return dir;
    }

    /** A model folder of {@code distillnas train}: its config.json names no method. */
    public static Path model(Path dir, int epochs, double... valAccs) throws IOException {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("config.json"), "{\"space\": \"nb201\", \"dataset\": \"fashion-mnist\", \"epochs\": "
                + epochs + ", \"seed\": 0, \"lr\": 0.05}");
        Files.writeString(dir.resolve("metrics.jsonl"), "");
        for (int e = 0; e < valAccs.length; e++) {
            appendEpoch(dir, e + 1, valAccs[e]);
        }
        return dir;
    }

    public static void appendEpoch(Path dir, int epoch, double valAcc) throws IOException {
        append(dir.resolve("metrics.jsonl"), "{\"type\":\"step\",\"epoch\":" + epoch + ",\"step\":5,\"loss\":2.1}\n"
                + "{\"type\":\"epoch\",\"epoch\":" + epoch + ",\"train_acc\":0.2,\"val_acc\":" + valAcc + "}\n");
    }

    public static void append(Path file, String text) throws IOException {
        Files.writeString(file, text, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    /** Sets the time of every file in {@code dir} (and its checkpoints) to {@code time}. */
    public static void touchAll(Path dir, Instant time) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                Files.setLastModifiedTime(f, FileTime.from(time));
            }
        }
    }
}

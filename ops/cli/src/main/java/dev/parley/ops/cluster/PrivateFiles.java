package dev.parley.ops.cluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;

/** Files of the local cluster that hold secrets or control it: written whole, readable by their owner only (0600). */
final class PrivateFiles {

    private PrivateFiles() {
    }

    /**
     * Replaces {@code file} with {@code text} (through a temporary file in the same directory, moved over it, so a
     * reader never sees half of it); 0600 where the file system has POSIX permissions.
     *
     * @throws UncheckedIOException when it cannot be written
     */
    static void write(Path file, String text) {
        try {
            Path dir = file.toAbsolutePath().getParent();
            Files.createDirectories(dir);
            Path temp = Files.getFileStore(dir).supportsFileAttributeView(PosixFileAttributeView.class)
                    ? Files.createTempFile(dir, file.getFileName().toString(), ".tmp",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")))
                    : Files.createTempFile(dir, file.getFileName().toString(), ".tmp");
            Files.writeString(temp, text, StandardCharsets.UTF_8);
            Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    /** {@code properties} as a properties file, in their order, under a {@code # header} line. */
    static String properties(String header, Map<String, String> properties) {
        StringBuilder out = new StringBuilder("# ").append(header).append('\n');
        properties.forEach((key, value) -> out.append(key).append('=').append(escape(value)).append('\n'));
        return out.toString();
    }

    private static String escape(String value) {
        return value.replace("\\", "\\\\").replace("\n", "\\n");
    }
}

package dev.weft;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import java.util.Set;

/**
 * Files Weft keeps for itself under {@code .weft/} (store, store password, embedded warehouse): created
 * readable by their owner only (POSIX 0700 folders, 0600 files), and failures that say when the disk is
 * read-only or full instead of the engine's generic "cannot create file".
 */
public final class StateFiles {

    private static final Set<PosixFilePermission> OWNER_DIR = PosixFilePermissions.fromString("rwx------");
    private static final Set<PosixFilePermission> OWNER_FILE = PosixFilePermissions.fromString("rw-------");

    private StateFiles() {
    }

    /** Creates {@code dir} (and missing parents) owner-only, and narrows {@code dir} itself to its owner if it is wider. */
    public static Path privateDirectory(Path dir) {
        try {
            Path parent = dir.toAbsolutePath().getParent();
            if (parent != null && !Files.isDirectory(parent)) {
                privateDirectory(parent);
            }
            if (!Files.isDirectory(dir)) {
                try {
                    Files.createDirectory(dir, attributes(dir, OWNER_DIR));
                } catch (FileAlreadyExistsException raced) {
                    // another process made it first: narrowed below
                }
            }
            if (Files.getFileStore(dir).isReadOnly()) {
                throw new WeftException(readOnly(dir));
            }
            if (!Files.isWritable(dir)) {
                throw new WeftException(denied(dir));
            }
            if (posix(dir) && !Files.getPosixFilePermissions(dir).equals(OWNER_DIR)) {
                Files.setPosixFilePermissions(dir, OWNER_DIR);
            }
            return dir;
        } catch (IOException e) {
            throw failure("cannot create the folder " + dir, dir, e);
        }
    }

    /**
     * The text of the owner-only file {@code file}, creating it with {@code fresh} when it does not exist.
     * Creation is exclusive: when two processes race, both end up with the text that was written first.
     */
    public static String readOrCreatePrivate(Path file, String fresh) {
        privateDirectory(file.getParent());
        try {
            if (!Files.exists(file)) {
                Path tmp = Files.createTempFile(file.getParent(), file.getFileName() + ".", ".tmp", attributes(file, OWNER_FILE));
                try {
                    Files.writeString(tmp, fresh, StandardCharsets.UTF_8);
                    // A hard link fails when the target exists, so the first writer wins with its whole text.
                    Files.createLink(file, tmp);
                } catch (FileAlreadyExistsException raced) {
                    // the other process's text stands
                } finally {
                    Files.deleteIfExists(tmp);
                }
            }
            if (posix(file) && !Files.getPosixFilePermissions(file).equals(OWNER_FILE)) {
                Files.setPosixFilePermissions(file, OWNER_FILE);
            }
            return Files.readString(file, StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            throw failure("cannot write " + file, file, e);
        }
    }

    /**
     * An error for {@code what} that says so when the cause (anywhere in its chain, whatever wrapped it:
     * H2, DuckDB, the JDK) is a read-only file system, missing permission or a full disk.
     */
    public static WeftException failure(String what, Path path, Throwable error) {
        return new WeftException(what + ": " + reason(path, error).orElse(String.valueOf(error.getMessage())), error);
    }

    /** The plain reason when {@code error} is a read-only, permission or full-disk failure. */
    public static Optional<String> reason(Path path, Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            String message = String.valueOf(t.getMessage());
            if (message.contains("No space left on device")) {
                return Optional.of("the disk holding " + path + " is full (No space left on device); free some space and retry");
            }
            if (message.contains("Read-only file system") || t instanceof java.nio.file.ReadOnlyFileSystemException) {
                return Optional.of(readOnly(path));
            }
            if (t instanceof AccessDeniedException || message.contains("Permission denied")) {
                return Optional.of(denied(path));
            }
        }
        return Optional.empty();
    }

    private static String readOnly(Path path) {
        return path + " is on a read-only file system; Weft keeps its state under the workspace's .weft/ and needs to "
                + "write there (run it in a writable workspace)";
    }

    private static String denied(Path path) {
        return "permission denied on " + path + "; the workspace (and its .weft/) must be writable by the user running Weft";
    }

    private static boolean posix(Path p) {
        return p.getFileSystem().supportedFileAttributeViews().contains("posix");
    }

    private static FileAttribute<?>[] attributes(Path p, Set<PosixFilePermission> permissions) {
        return posix(p) ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(permissions)} : new FileAttribute<?>[0];
    }
}

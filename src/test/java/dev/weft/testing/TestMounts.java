package dev.weft.testing;

import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Small real file systems (tmpfs) for tests of what Weft says when the disk is read-only or full. Mounting
 * needs root (CAP_SYS_ADMIN); elsewhere the calling test is skipped with the reason.
 */
public final class TestMounts {

    private TestMounts() {
    }

    /** A mounted tmpfs at {@code dir}, unmounted on close. */
    public record Mount(Path dir) implements AutoCloseable {

        /** Makes the file system read-only, keeping what it holds. */
        public void readOnly() {
            run(List.of("mount", "-o", "remount,ro", dir.toString()));
        }

        @Override
        public void close() {
            run(List.of("umount", "-l", dir.toString()));
        }
    }

    /** Mounts a tmpfs of {@code kib} KiB at {@code dir} (created if missing); skips the test when mounting is not allowed. */
    public static Mount tmpfs(Path dir, int kib) throws IOException {
        Files.createDirectories(dir);
        boolean mounted = exec(List.of("mount", "-t", "tmpfs", "-o", "size=" + kib + "k", "tmpfs", dir.toString())) == 0;
        Assumptions.assumeTrue(mounted, "cannot mount a tmpfs here (needs root)");
        return new Mount(dir);
    }

    /** Fills the file system holding {@code dir} to the last byte. */
    public static void fill(Path dir) throws IOException {
        byte[] block = new byte[4096];
        try (var out = Files.newOutputStream(dir.resolve("filler"))) {
            while (true) {
                out.write(block);
            }
        } catch (IOException full) {
            if (!String.valueOf(full.getMessage()).contains("No space left on device")) {
                throw full;
            }
        }
    }

    private static void run(List<String> command) {
        if (exec(command) != 0) {
            throw new IllegalStateException("failed: " + String.join(" ", command));
        }
    }

    private static int exec(List<String> command) {
        try {
            return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }
}

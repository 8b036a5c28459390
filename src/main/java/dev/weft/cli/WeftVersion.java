package dev.weft.cli;

import picocli.CommandLine.IVersionProvider;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/** {@code weft --version}: the version Maven built, from {@code dev/weft/version.properties}. */
public final class WeftVersion implements IVersionProvider {

    /** The built version, such as {@code 0.1.0}. */
    public static String version() {
        Properties p = new Properties();
        try (InputStream in = WeftVersion.class.getResourceAsStream("/dev/weft/version.properties")) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return p.getProperty("version", "unknown");
    }

    @Override
    public String[] getVersion() {
        return new String[]{"weft " + version()};
    }
}

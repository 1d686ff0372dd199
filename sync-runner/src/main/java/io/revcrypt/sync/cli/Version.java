package io.revcrypt.sync.cli;

import io.revcrypt.fuse.FuseLibrary;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * The version, from Maven's {@code project.version} filtered into {@code version.properties}:
 * the same value the tarball and the .deb are named from, so {@code --version} cannot drift from
 * the package (which spells 0.1.0-SNAPSHOT the Debian way, 0.1.0~snapshot).
 */
final class Version {

    private Version() {
    }

    static String get() {
        try (InputStream in = Version.class.getResourceAsStream("version.properties")) {
            if (in == null) {
                throw new IllegalStateException("version.properties is missing from the build");
            }
            Properties p = new Properties();
            p.load(in);
            return p.getProperty("version");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** What {@code --version} prints: ours, the Java runtime's, the libfuse found (or that none was). */
    static String[] lines() {
        return new String[] {
                "revcrypt " + get(),
                "Java " + System.getProperty("java.runtime.version") + " (" + System.getProperty("java.vm.vendor") + ") at "
                        + System.getProperty("java.home"),
                FuseLibrary.describe()};
    }
}

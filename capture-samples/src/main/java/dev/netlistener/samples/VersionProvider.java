// SPDX-License-Identifier: Apache-2.0
package dev.netlistener.samples;

import dev.netlistener.pcap.LibPcap;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;
import picocli.CommandLine.IVersionProvider;

/**
 * {@code --version} of every sample: netlistener's version, the libpcap that was loaded and the
 * JDK that runs it, one a line (what a bug report needs).
 */
final class VersionProvider implements IVersionProvider {

    @Override
    public String[] getVersion() {
        return new String[]{"netlistener " + version(), LibPcap.libraryDescription(),
                "Java " + Runtime.version() + " (" + System.getProperty("java.vendor") + ", "
                        + System.getProperty("java.vm.name") + ")"};
    }

    /** The project's version, written into the jar by the build. */
    static String version() {
        try (InputStream in = VersionProvider.class.getResourceAsStream("version.properties")) {
            Properties properties = new Properties();
            properties.load(in);
            return properties.getProperty("version");
        } catch (IOException e) {
            throw new UncheckedIOException("version.properties is missing from the samples' jar", e);
        }
    }
}

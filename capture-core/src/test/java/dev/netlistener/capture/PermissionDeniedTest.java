// SPDX-License-Identifier: Apache-2.0
package dev.netlistener.capture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * What an unprivileged user sees: a child JVM running as {@code nobody} (through util-linux's
 * setpriv) opens a live capture and must get PCAP_ERROR_PERM_DENIED with the hint naming root
 * and the capabilities. Needs root to switch users; skips otherwise.
 */
class PermissionDeniedTest {

    @Test
    void anUnprivilegedUserIsToldAboutRootAndTheCapabilities() throws Exception {
        try (ChildJvm nobody = ChildJvm.asNobody()) {
            Process child = nobody.start(OpenAsUnprivileged.class, "lo");
            String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(child.waitFor(60, TimeUnit.SECONDS));
            List<String> lines = output.lines().toList();
            assertEquals("PCAP_ERROR_PERM_DENIED", lines.getFirst(), output);
            String message = lines.get(1);
            assertTrue(message.contains("root") && message.contains("CAP_NET_RAW") && message.contains("CAP_NET_ADMIN")
                    && message.contains("setcap"), message);
        }
    }
}

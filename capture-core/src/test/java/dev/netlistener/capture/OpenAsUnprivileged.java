// SPDX-License-Identifier: Apache-2.0
package dev.netlistener.capture;

/**
 * Run by {@link PermissionDeniedTest} in a child JVM without privileges: opens a live capture and
 * prints the status and message of the failure (or "opened" if it did not fail).
 */
public final class OpenAsUnprivileged {
    private OpenAsUnprivileged() {
    }

    public static void main(String[] args) {
        try (PcapHandle ignored = PcapHandle.openLive(args[0], CaptureConfig.builder().bufferSize(1 << 20).build())) {
            System.out.println("opened");
        } catch (PcapException e) {
            System.out.println(e.status().cName());
            System.out.println(e.getMessage());
        }
    }
}

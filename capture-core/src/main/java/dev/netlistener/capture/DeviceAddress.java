// SPDX-License-Identifier: Apache-2.0
package dev.netlistener.capture;

/**
 * One address of a {@link NetworkDevice}, decoded by its {@code sa_family}: an IPv4 or IPv6
 * network address, or a link-layer (MAC) address.
 */
public sealed interface DeviceAddress permits IpNetworkAddress, LinkLayerAddress {
}

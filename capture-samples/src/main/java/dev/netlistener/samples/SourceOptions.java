// SPDX-License-Identifier: Apache-2.0
package dev.netlistener.samples;

import dev.netlistener.capture.Capture;
import dev.netlistener.capture.CaptureConfig;
import dev.netlistener.capture.NetworkDevice;
import dev.netlistener.capture.NetworkDevices;
import dev.netlistener.capture.PcapException;
import java.nio.file.Path;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Option;

/** Where a sample captures from: a device (default: the first ready one) or a capture file. */
final class SourceOptions {

    @ArgGroup(exclusive = true)
    Choice choice = new Choice();

    static final class Choice {
        @Option(names = {"-i", "--device"}, paramLabel = "NAME",
                description = "Device to capture on (default: the first up, running, non-loopback device).")
        String device;

        @Option(names = {"-r", "--read"}, paramLabel = "FILE", description = "Read a pcap or pcapng file instead "
                + "of a device: - for standard input; gzip and zstd files are decompressed as they are read.")
        Path read;
    }

    @Option(names = "--filter", paramLabel = "BPF", description = "BPF filter, e.g. 'tcp port 443' (man 7 pcap-filter).")
    String filter;

    boolean isFile() {
        return choice.read != null;
    }

    /** Opens the capture with {@code config} plus this source's filter. */
    Capture open(CaptureConfig.Builder config) throws PcapException {
        config.filter(filter);
        return isFile() ? CaptureInput.open(choice.read, config.build()) : Capture.open(deviceName(), config.build());
    }

    /** {@return the device to capture, or the file to read, as the capture will name it} */
    String name() throws PcapException {
        return isFile() ? choice.read.toString() : deviceName();
    }

    /** How far {@code capture} has read a large file, on standard error when it is a terminal; nothing otherwise. */
    Progress progress(Capture capture) {
        return isFile() ? Progress.of(choice.read, capture) : Progress.NONE;
    }

    private String deviceName() throws PcapException {
        if (choice.device != null) {
            return choice.device;
        }
        return NetworkDevices.firstReady().map(NetworkDevice::name).orElseThrow(() -> new PcapException(
                "choosing a device", -1, "no device is up, running and not loopback",
                "Name one with --device (scripts/devices lists them), e.g. --device lo"));
    }
}

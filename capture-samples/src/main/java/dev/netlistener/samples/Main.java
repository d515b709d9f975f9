package dev.netlistener.samples;

import dev.netlistener.capture.PcapException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The sample programs, one subcommand each; {@code scripts/<name>} runs {@code <name>}. */
@Command(name = "netlistener", mixinStandardHelpOptions = true, version = "netlistener 0.1.0",
        description = "Packet capture samples built on netlistener.",
        subcommands = {ListenCommand.class, DevicesCommand.class, TopCommand.class, DumpCommand.class,
                StreamCommand.class})
public final class Main {

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /**
     * Runs a sample and returns its exit code (tests call this instead of main). A libpcap error
     * (no permission, no such device, a bad filter, an unreadable file) prints as
     * {@code <sample>: <what happened and what to do>} and exits with 1, without a stack trace.
     */
    public static int run(String... args) {
        return new CommandLine(new Main())
                .setCaseInsensitiveEnumValuesAllowed(true)
                .setExecutionExceptionHandler((e, command, parsed) -> {
                    if (!(e instanceof PcapException)) {
                        throw e;
                    }
                    command.getErr().println(command.getCommandName() + ": " + e.getMessage());
                    return 1;
                })
                .execute(args);
    }
}

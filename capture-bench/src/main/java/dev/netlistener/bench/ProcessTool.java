// SPDX-License-Identifier: Apache-2.0
package dev.netlistener.bench;

/** A capturing program running as a process of its own, whose CPU time {@code /proc/<pid>} shows apart. */
interface ProcessTool extends LossTool {
    /** The capturing process; valid between {@link #start} and {@link #stop}. */
    long pid();
}

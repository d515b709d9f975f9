// SPDX-License-Identifier: Apache-2.0
package dev.netlistener.jmh;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Execute;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.plugins.annotations.ResolutionScope;
import org.apache.maven.project.MavenProject;

/**
 * {@code jmh:run}: compiles the module, then runs {@code org.openjdk.jmh.Main} on its runtime
 * classpath in a forked JVM (the one running Maven), with native access enabled for the FFM
 * binding. JMH's own options go in {@code -Djmh.args="DecodeBenchmark -prof gc -f 1"}.
 */
@Mojo(name = "run", requiresDependencyResolution = ResolutionScope.RUNTIME, threadSafe = true)
@Execute(phase = LifecyclePhase.PROCESS_CLASSES)
public final class RunMojo extends AbstractMojo {

    @Parameter(defaultValue = "${project}", readonly = true, required = true)
    private MavenProject project;

    /** Arguments for JMH's command line, split at spaces (e.g. "DecodeBenchmark -prof gc -f 1 -wi 3 -i 5"). */
    @Parameter(property = "jmh.args", defaultValue = "")
    private String args;

    /** Extra options for the forked JVM. */
    @Parameter(property = "jmh.jvmArgs", defaultValue = "")
    private String jvmArgs;

    @Override
    public void execute() throws MojoExecutionException, MojoFailureException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("--enable-native-access=ALL-UNNAMED");
        command.addAll(split(jvmArgs));
        command.add("-cp");
        command.add(classpath());
        command.add("org.openjdk.jmh.Main");
        command.addAll(split(args));
        getLog().info("Running JMH: " + String.join(" ", command.subList(command.size() - split(args).size() - 1,
                command.size())));
        try {
            Process process = new ProcessBuilder(command).directory(project.getBasedir()).inheritIO().start();
            int exit = process.waitFor();
            if (exit != 0) {
                throw new MojoFailureException("JMH exited with " + exit);
            }
        } catch (IOException e) {
            throw new MojoExecutionException("could not start " + command.getFirst(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MojoExecutionException("interrupted while JMH ran", e);
        }
    }

    private String classpath() throws MojoExecutionException {
        try {
            return String.join(File.pathSeparator, project.getRuntimeClasspathElements());
        } catch (org.apache.maven.artifact.DependencyResolutionRequiredException e) {
            throw new MojoExecutionException("the module's dependencies are not resolved", e);
        }
    }

    private static List<String> split(String text) {
        return text == null || text.isBlank() ? List.of() : Arrays.asList(text.strip().split("\\s+"));
    }
}

package dev.provisioner.server.e2e;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs the repository's harness scripts (harness/ at its top) as the end-to-end tests need them. */
final class Harness {

    private Harness() {
    }

    static Path script(Path repository, String name) {
        Path script = repository.resolve("harness").resolve(name);
        if (!Files.isRegularFile(script)) {
            throw new AssertionError("no harness script " + script);
        }
        return script;
    }

    /** Builds a harness script's fixtures (BUILD_ONLY=1) under {@code work}; returns the directory of the files. */
    static Path fixtures(Path script, Path work) throws Exception {
        return fixtures(script, work, "srv");
    }

    /** As above, for a script that puts its files in {@code filesDir} under its work directory. */
    static Path fixtures(Path script, Path work, String filesDir) throws Exception {
        Path fixtures = work.resolve("harness");
        int exit = run(List.of("bash", script.toString()), Map.of("BUILD_ONLY", "1", "WORK", fixtures.toString()),
                work.resolve("build.log"), 600);
        if (exit != 0) {
            throw new AssertionError(script + " could not build its fixtures; see " + work.resolve("build.log"));
        }
        return fixtures.resolve(filesDir);
    }

    /** Runs a command with extra environment, its output in {@code log}; returns the exit code. */
    static int run(List<String> command, Map<String, String> environment, Path log, int timeoutSeconds)
            throws Exception {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().putAll(environment);
        Process process = builder.start();
        if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            process.descendants().forEach(ProcessHandle::destroy);
            process.destroy();
            throw new AssertionError(command + " did not finish within " + timeoutSeconds + " s; log: " + log);
        }
        return process.exitValue();
    }
}

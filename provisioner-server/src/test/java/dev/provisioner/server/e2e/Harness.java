package dev.provisioner.server.e2e;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs the shared harness scripts (../shared/harness) as the end-to-end tests need them. */
final class Harness {

    private Harness() {
    }

    static Path script(Path repository, String name) {
        return repository.resolve("../shared/harness").resolve(name).normalize();
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

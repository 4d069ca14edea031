package dev.provisioner.server.e2e;

import java.io.IOException;
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

    /**
     * The guest's files from a harness's fixtures, copied into {@code <data>/assets/e2e/}, where the tests' profiles
     * name them ({@code e2e/kernel}); returns that directory.
     */
    static Path guestAssets(Path fixtures, Path data, String... files) throws IOException {
        Path assets = Files.createDirectories(data.resolve("assets/e2e"));
        for (String file : files) {
            Files.copy(fixtures.resolve(file), assets.resolve(file));
        }
        return assets;
    }

    /**
     * The command a harness that makes its own network namespace runs to start the server jar in it (SERVER_CMD):
     * listening on the address the harness gives in E2E_SERVER_ADDR, HTTP on 8080, admin on 8081, TFTP on 69, with
     * {@code settings} (PROVISIONER_* values, written without quotes, so without spaces) on top.
     */
    static String serverInNamespace(Path repository, Path jar, Path data, String... settings) {
        return "cd '" + repository + "' && exec env PROVISIONER_DATA_DIR='" + data + "' PROVISIONER_BIND=$E2E_SERVER_ADDR"
                + " PROVISIONER_ADMIN_BIND=$E2E_SERVER_ADDR PROVISIONER_HTTP_PORT=8080 PROVISIONER_ADMIN_PORT=8081"
                + " PROVISIONER_TFTP_PORT=69 " + String.join(" ", settings) + " java -jar '" + jar + "' server config.yml";
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

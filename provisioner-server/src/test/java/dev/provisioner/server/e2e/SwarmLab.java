package dev.provisioner.server.e2e;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A real Docker Swarm from harness/swarm-lab.sh: a manager and workers, each a dockerd in its own network
 * namespace. Each lab gets its own state directory and subnet, so tests (and a lab an operator left up) never meet.
 */
final class SwarmLab implements AutoCloseable {

    /** A finished command: exit code and its output (stdout and stderr together). */
    record Result(int exit, String output) {
    }

    private final Path script;
    private final Map<String, String> environment;
    final Map<String, String> env = new HashMap<>();

    private SwarmLab(Path script, Path directory, String subnet) {
        this.script = script;
        this.environment = Map.of("SWARM_LAB_DIR", directory.toString(), "SWARM_LAB_NET", subnet);
    }

    /** @param subnet the first three octets of a private /24 that only this lab uses, e.g. 10.213.7 */
    static SwarmLab up(Path repository, int workers, String subnet) throws Exception {
        // unix socket paths are limited to 108 bytes: keep the state directory short
        Path directory = Files.createTempDirectory("swlab");
        Files.delete(directory);
        SwarmLab lab = new SwarmLab(Harness.script(repository, "swarm-lab.sh"), directory, subnet);
        Result up = lab.run(600, "up", String.valueOf(workers));
        if (up.exit() != 0) {
            lab.close();
            throw new AssertionError("swarm-lab.sh up failed:\n" + up.output());
        }
        up.output().lines().filter(l -> l.matches("[A-Z0-9_]+=.*"))
                .forEach(l -> lab.env.put(l.substring(0, l.indexOf('=')), l.substring(l.indexOf('=') + 1)));
        return lab;
    }

    String managerSocket() {
        return env.get("MANAGER_SOCK");
    }

    /** The address of the lab's server namespace, where {@link #serve} puts the server. */
    String serverAddress() {
        return env.get("SERVER_ADDR");
    }

    /** The server jar in the lab's server namespace, listening on {@link #serverAddress()}, as machines reach it. */
    ServerProcess serve(Path repository, Path jar, Path log, Map<String, String> serverEnvironment) throws Exception {
        Map<String, String> all = new HashMap<>(serverEnvironment);
        all.putAll(environment);
        return ServerProcess.start(repository, jar, log, all, List.of("bash", script.toString(), "serve"), serverAddress());
    }

    /**
     * A command run in worker {@code i}'s network namespace with DOCKER_HOST set to its dockerd, as
     * {@code swarm-lab.sh on i ...}: what the machine itself would run, from its own address.
     */
    Result on(int worker, int timeoutSeconds, String... command) throws Exception {
        List<String> args = new ArrayList<>(List.of("on", String.valueOf(worker)));
        args.addAll(List.of(command));
        return run(timeoutSeconds, args.toArray(String[]::new));
    }

    /** The docker CLI against the manager. */
    Result manager(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("docker", "-H", "unix://" + managerSocket()));
        command.addAll(List.of(args));
        return exec(command, Map.of(), 60);
    }

    Result run(int timeoutSeconds, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("bash", script.toString()));
        command.addAll(List.of(args));
        return exec(command, environment, timeoutSeconds);
    }

    private static Result exec(List<String> command, Map<String, String> environment, int timeoutSeconds) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().putAll(environment);
        Path output = Files.createTempFile("swlab-out", ".txt");
        builder.redirectOutput(output.toFile());
        Process process = builder.start();
        try {
            if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                process.descendants().forEach(ProcessHandle::destroy);
                process.destroy();
                process.waitFor(10, TimeUnit.SECONDS);
                return new Result(-1, Files.readString(output, StandardCharsets.UTF_8));
            }
            return new Result(process.exitValue(), Files.readString(output, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(output);
        }
    }

    @Override
    public void close() throws Exception {
        run(120, "down");
    }
}

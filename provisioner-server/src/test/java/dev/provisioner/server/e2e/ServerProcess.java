package dev.provisioner.server.e2e;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** The server as operators run it: {@code java -jar provisioner-server.jar server config.yml}, configured by environment. */
final class ServerProcess implements AutoCloseable {

    final String address;
    final int port;
    final int adminPort;
    final int tftpPort;
    final Path log;
    private final Process process;

    private ServerProcess(Process process, String address, int port, int adminPort, int tftpPort, Path log) {
        this.process = process;
        this.address = address;
        this.port = port;
        this.adminPort = adminPort;
        this.tftpPort = tftpPort;
        this.log = log;
    }

    static ServerProcess start(Path repository, Path jar, Path log, Map<String, String> environment) throws Exception {
        return start(repository, jar, log, environment, List.of(), "127.0.0.1");
    }

    /**
     * @param launcher what the java command runs under, e.g. {@code swarm-lab.sh serve}, which must exec it so that
     *                 the PID stays the server's
     * @param address  the address the server listens on (the admin port too), where the launcher puts it
     */
    static ServerProcess start(Path repository, Path jar, Path log, Map<String, String> environment,
                               List<String> launcher, String address) throws Exception {
        int port = freePort();
        int adminPort = freePort();
        int tftpPort;
        try (DatagramSocket socket = new DatagramSocket(0)) {
            tftpPort = socket.getLocalPort();
        }
        List<String> command = new ArrayList<>(launcher);
        command.addAll(List.of("java", "-jar", jar.toString(), "server", "config.yml"));
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(repository.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().putAll(environment);
        builder.environment().put("PROVISIONER_HTTP_PORT", String.valueOf(port));
        builder.environment().put("PROVISIONER_ADMIN_PORT", String.valueOf(adminPort));
        builder.environment().put("PROVISIONER_BIND", address);
        builder.environment().putIfAbsent("PROVISIONER_ADMIN_BIND", address);
        builder.environment().putIfAbsent("PROVISIONER_TFTP_PORT", String.valueOf(tftpPort));
        ServerProcess server = new ServerProcess(builder.start(), address, port, adminPort,
                Integer.parseInt(builder.environment().get("PROVISIONER_TFTP_PORT")), log);
        server.awaitHealthy();
        return server;
    }

    private void awaitHealthy() throws Exception {
        HttpClient client = HttpClient.newHttpClient();
        HttpRequest health = HttpRequest.newBuilder(URI.create("http://" + address + ":" + adminPort + "/healthcheck")).build();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the server exited with " + process.exitValue() + "; see " + log);
            }
            try {
                if (client.send(health, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("the server did not become healthy within 60 s; see " + log);
    }

    /** The server's HTTP base URL. */
    String url() {
        return "http://" + address + ":" + port;
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** Graceful stop (SIGTERM), as a service manager would do it; returns the exit code. */
    int stop() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor();
        }
        return process.exitValue();
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            stop();
        }
    }
}

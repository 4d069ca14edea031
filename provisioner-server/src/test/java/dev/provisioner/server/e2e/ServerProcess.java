package dev.provisioner.server.e2e;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** The server as operators run it: {@code java -jar provisioner-server.jar server config.yml}, configured by environment. */
final class ServerProcess implements AutoCloseable {

    final int port;
    final int adminPort;
    final int tftpPort;
    final Path log;
    private final Process process;

    private ServerProcess(Process process, int port, int adminPort, int tftpPort, Path log) {
        this.process = process;
        this.port = port;
        this.adminPort = adminPort;
        this.tftpPort = tftpPort;
        this.log = log;
    }

    static ServerProcess start(Path repository, Path jar, Path log, Map<String, String> environment) throws Exception {
        int port = freePort();
        int adminPort = freePort();
        int tftpPort;
        try (DatagramSocket socket = new DatagramSocket(0)) {
            tftpPort = socket.getLocalPort();
        }
        ProcessBuilder builder = new ProcessBuilder("java", "-jar", jar.toString(), "server", "config.yml")
                .directory(repository.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().putAll(environment);
        builder.environment().put("PROVISIONER_HTTP_PORT", String.valueOf(port));
        builder.environment().put("PROVISIONER_ADMIN_PORT", String.valueOf(adminPort));
        builder.environment().put("PROVISIONER_BIND", "127.0.0.1");
        builder.environment().putIfAbsent("PROVISIONER_TFTP_PORT", String.valueOf(tftpPort));
        ServerProcess server = new ServerProcess(builder.start(), port, adminPort,
                Integer.parseInt(builder.environment().get("PROVISIONER_TFTP_PORT")), log);
        server.awaitHealthy();
        return server;
    }

    private void awaitHealthy() throws Exception {
        HttpClient client = HttpClient.newHttpClient();
        HttpRequest health = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + adminPort + "/healthcheck")).build();
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

    private static int freePort() throws IOException {
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

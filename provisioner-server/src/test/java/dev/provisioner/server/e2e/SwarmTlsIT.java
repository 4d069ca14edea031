package dev.provisioner.server.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.provisioner.server.TestHttp;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Engine API over {@code tcp://} with TLS and a client certificate, as a remote manager is reached. The swarm is
 * real (swarm-lab.sh); its manager's API listens on a unix socket only, so socat (Debian package socat) stands in
 * for dockerd's own {@code --tlsverify} listener: TLS 1.2+ on 127.0.0.1, client certificate required and checked
 * against the CA, then the bytes go to the real API. Certificates are made with openssl for each run.
 */
class SwarmTlsIT {

    private static final String API_TOKEN = "e2e-tls-api-token";

    @TempDir
    Path work;

    private void openssl(Path dir, String... args) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of("openssl"));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(String.join(" ", command) + "\n" + output).isZero();
    }

    /** A CA, then (named by prefix) a certificate it signs with the given extensions. */
    private void certificates(Path dir, String... signed) throws Exception {
        Files.createDirectories(dir);
        openssl(dir, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "ca-key.pem", "-out", "ca.pem",
                "-days", "2", "-subj", "/CN=provisioner-test-ca");
        for (int i = 0; i < signed.length; i += 3) {
            String cert = signed[i];
            String key = signed[i + 1];
            Files.writeString(dir.resolve(cert + ".ext"), signed[i + 2]);
            openssl(dir, "req", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", cert + ".csr", "-subj", "/CN=" + cert);
            openssl(dir, "x509", "-req", "-in", cert + ".csr", "-CA", "ca.pem", "-CAkey", "ca-key.pem", "-CAcreateserial",
                    "-out", cert, "-days", "2", "-extfile", cert + ".ext");
        }
    }

    private static int freePort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    @Test
    void theServerReadsTokensOverTlsWithItsClientCertificateAndRefusesAServerItCannotTrust() throws Exception {
        Path repository = Path.of(System.getProperty("provisioner.repo")).toRealPath();
        Path jar = Path.of(System.getProperty("provisioner.jar"));
        Path tls = work.resolve("tls");
        certificates(tls, "server.pem", "server-key.pem", "subjectAltName=IP:127.0.0.1\nextendedKeyUsage=serverAuth\n",
                "cert.pem", "key.pem", "extendedKeyUsage=clientAuth\n");
        // what the server is given: ca.pem, cert.pem, key.pem, as docker's own client wants them
        Path client = Files.createDirectories(work.resolve("client"));
        for (String file : List.of("ca.pem", "cert.pem", "key.pem")) {
            Files.copy(tls.resolve(file), client.resolve(file));
        }
        // a client that trusts another CA: the handshake must fail
        Path stranger = work.resolve("stranger");
        certificates(stranger, "cert.pem", "key.pem", "extendedKeyUsage=clientAuth\n");

        Path data = Files.createDirectories(work.resolve("data"));
        Files.createDirectories(data.resolve("profiles"));
        Files.createDirectories(data.resolve("configs"));
        Files.writeString(data.resolve("configs/node.yaml"), "storage:\n  files:\n    - path: /etc/motd\n");
        Files.writeString(data.resolve("profiles/swarm-worker.yaml"),
                "boot:\n  kernel: flatcar/vmlinuz\nconfig: node.yaml\nswarm:\n  role: worker\n");

        try (SwarmLab lab = SwarmLab.up(repository, 0, "10.213.9")) {
            int port = freePort();
            Process socat = new ProcessBuilder("socat",
                    "OPENSSL-LISTEN:" + port + ",bind=127.0.0.1,reuseaddr,fork,cert=" + tls.resolve("server.pem")
                            + ",key=" + tls.resolve("server-key.pem") + ",cafile=" + tls.resolve("ca.pem") + ",verify=1",
                    "UNIX-CONNECT:" + lab.managerSocket())
                    .redirectErrorStream(true).redirectOutput(work.resolve("socat.log").toFile()).start();
            try {
                awaitListening(port);
                String host = "tcp://127.0.0.1:" + port;
                try (ServerProcess server = ServerProcess.start(repository, jar, work.resolve("server.log"), Map.of(
                        "PROVISIONER_DATA_DIR", data.toString(), "PROVISIONER_API_TOKEN", API_TOKEN,
                        "PROVISIONER_SWARM_DOCKER_HOST", host, "PROVISIONER_SWARM_DOCKER_CERT_PATH", client.toString()))) {
                    TestHttp api = new TestHttp("http://127.0.0.1:" + server.port, Optional.of(API_TOKEN));
                    awaitSwarm(api, "fetchedAt");
                    assertThat(api.json("POST", "/api/v1/machines",
                            "{\"mac\":\"52:54:00:71:50:01\",\"hostname\":\"tls-1\",\"profile\":\"swarm-worker\"}").statusCode())
                            .isEqualTo(201);
                    JsonNode swarm = TestHttp.parse(api.get("/api/v1/swarm"));
                    assertThat(swarm.get("endpoint").asText()).isEqualTo(host);
                    assertThat(swarm.get("error").isNull()).as(swarm.toString()).isTrue();
                    assertThat(swarm.get("managers")).extracting(JsonNode::asText).containsExactly("10.213.9.1:2377");
                    String config = SignedConfig.ignition(api, "52:54:00:71:50:01").body();
                    assertThat(config).doesNotContain(lab.env.get("WORKER_TOKEN"));
                    assertThat(SignedConfig.enroll(api, config).body()).startsWith(lab.env.get("WORKER_TOKEN") + " 10.213.9.1:2377");
                }
                try (ServerProcess server = ServerProcess.start(repository, jar, work.resolve("stranger.log"), Map.of(
                        "PROVISIONER_DATA_DIR", data.toString(), "PROVISIONER_API_TOKEN", API_TOKEN,
                        "PROVISIONER_SWARM_DOCKER_HOST", host, "PROVISIONER_SWARM_DOCKER_CERT_PATH", stranger.toString()))) {
                    TestHttp api = new TestHttp("http://127.0.0.1:" + server.port, Optional.of(API_TOKEN));
                    JsonNode swarm = awaitSwarm(api, "error");
                    assertThat(swarm.get("error").asText()).as(swarm.toString()).isNotBlank();
                    assertThat(swarm.get("managers")).isEmpty();
                    // without a swarm the machine's boot says why, and its config is not handed out at all
                    assertThat(api.get("/ipxe?mac=52:54:00:71:50:01").body()).contains("swarm role worker: the swarm "
                            + "manager's Engine API at " + host + " has not answered (")
                            .doesNotContain(lab.env.get("WORKER_TOKEN"), "\tat ");
                    assertThat(api.get("/ignition?mac=52:54:00:71:50:01").statusCode()).isEqualTo(403);
                }
            } finally {
                socat.descendants().forEach(ProcessHandle::destroy);
                socat.destroy();
                socat.waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    private static void awaitListening(int port) throws Exception {
        for (int i = 0; i < 100; i++) {
            try (Socket ignored = new Socket("127.0.0.1", port)) {
                return;
            } catch (java.io.IOException e) {
                Thread.sleep(100);
            }
        }
        throw new AssertionError("socat did not listen on " + port);
    }

    /** The Engine API is read in the background: waits until the first read has left {@code field} set. */
    private static JsonNode awaitSwarm(TestHttp api, String field) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        JsonNode swarm = TestHttp.parse(api.get("/api/v1/swarm"));
        while (!swarm.hasNonNull(field) && System.nanoTime() < deadline) {
            Thread.sleep(200);
            swarm = TestHttp.parse(api.get("/api/v1/swarm"));
        }
        assertThat(swarm.hasNonNull(field)).as(swarm.toString()).isTrue();
        return swarm;
    }
}

package dev.provisioner.server.tftp;

import com.codahale.metrics.MetricRegistry;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.provisioner.server.core.BootService;
import dev.provisioner.server.oem.OemArchives;
import io.dropwizard.lifecycle.setup.LifecycleEnvironment;
import io.dropwizard.util.Duration;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.util.Optional;

/** The {@code tftp:} section of {@code config.yml}. */
public class TftpConfiguration {

    /** 69 in production (CAP_NET_BIND_SERVICE, see the README); 0 picks a free port. */
    @Min(0)
    @Max(65535)
    private int port = 6969;
    @NotNull
    private String bind = "0.0.0.0";
    @Min(1)
    private int maxTransfers = 1000;
    @Min(1)
    private int maxTransfersPerClient = 256;
    @NotNull
    private Duration timeout = Duration.seconds(1);

    @JsonProperty
    public void setPort(int port) {
        this.port = port;
    }

    @JsonProperty
    public void setBind(String bind) {
        this.bind = bind;
    }

    @JsonProperty
    public void setMaxTransfers(int maxTransfers) {
        this.maxTransfers = maxTransfers;
    }

    @JsonProperty
    public void setMaxTransfersPerClient(int maxTransfersPerClient) {
        this.maxTransfersPerClient = maxTransfersPerClient;
    }

    @JsonProperty
    public void setTimeout(Duration timeout) {
        this.timeout = timeout;
    }

    /**
     * @param publicUrl the configured base URL, else the HTTP URL on the address each request came in on (configs
     *                  may name the server, and TFTP has no Host header)
     */
    public TftpServer build(Path dataDir, BootService boot, OemArchives archives, Optional<URI> publicUrl, int httpPort,
                            MetricRegistry metrics, LifecycleEnvironment lifecycle) {
        TftpFiles files = new TftpFiles(dataDir, boot, archives, local -> publicUrl.orElseGet(() -> {
            String address = local.getAddress().getHostAddress();
            // a link-local address's zone (fe80::1%eth0) names the server's interface, which means nothing to the client
            String host = local.getAddress() instanceof Inet6Address
                    ? "[" + address.replaceFirst("%.*", "") + "]" : address;
            return URI.create("http://" + host + ":" + httpPort + "/");
        }));
        return new TftpServer(new InetSocketAddress(bind, port), files,
                new TftpServer.Limits(maxTransfers, maxTransfersPerClient, (int) timeout.toMilliseconds()), metrics,
                lifecycle.scheduledExecutorService("tftp-retransmit-%d").threads(1).build());
    }
}

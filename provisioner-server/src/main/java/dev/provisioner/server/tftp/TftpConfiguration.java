package dev.provisioner.server.tftp;

import com.codahale.metrics.MetricRegistry;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropwizard.lifecycle.setup.LifecycleEnvironment;
import io.dropwizard.util.Duration;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.net.InetSocketAddress;

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

    public TftpServer build(TftpFiles files, MetricRegistry metrics, LifecycleEnvironment lifecycle) {
        return new TftpServer(new InetSocketAddress(bind, port), files,
                new TftpServer.Limits(maxTransfers, maxTransfersPerClient, (int) timeout.toMilliseconds()), metrics,
                lifecycle.scheduledExecutorService("tftp-retransmit-%d").threads(1).build());
    }
}

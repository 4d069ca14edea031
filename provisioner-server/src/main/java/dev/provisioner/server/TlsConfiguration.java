package dev.provisioner.server;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The {@code tls:} section: a TLS listener for enrollment, off unless a port is set. The certificate and key are PEM
 * files; without them a self-signed certificate is generated into the data directory.
 */
public class TlsConfiguration {

    private Integer port;
    private Path certificate;
    private Path key;

    /** Blank (the environment variable unset): no TLS listener. */
    @JsonProperty
    public void setPort(String port) {
        String value = Settings.blankToNull(port);
        if (value == null) {
            this.port = null;
            return;
        }
        try {
            this.port = Integer.parseInt(value.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("PROVISIONER_TLS_PORT is a port number, not '" + value + "'");
        }
        // not 0, a free port: machines are told the port in their config, so it must be known before binding
        if (this.port < 1 || this.port > 65535) {
            throw new IllegalArgumentException("PROVISIONER_TLS_PORT " + this.port + " is not a port (1 to 65535)");
        }
    }

    @JsonProperty
    public void setCertificate(String certificate) {
        this.certificate = Settings.blankToNull(certificate) == null ? null : Path.of(certificate.strip());
    }

    @JsonProperty
    public void setKey(String key) {
        this.key = Settings.blankToNull(key) == null ? null : Path.of(key.strip());
    }

    public Optional<Integer> getPort() {
        return Optional.ofNullable(port);
    }

    public Optional<Path> getCertificate() {
        return Optional.ofNullable(certificate);
    }

    public Optional<Path> getKey() {
        return Optional.ofNullable(key);
    }
}

package dev.provisioner.server;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.provisioner.server.swarm.SwarmConfiguration;
import dev.provisioner.server.tftp.TftpConfiguration;
import io.dropwizard.core.Configuration;
import io.dropwizard.util.DataSize;
import io.dropwizard.util.Duration;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.net.URI;
import java.nio.file.Path;
import java.util.Optional;

/** {@code config.yml}; every value there can be set through a {@code PROVISIONER_*} environment variable. */
public class ProvisionerConfiguration extends Configuration {

    @NotNull
    private Path dataDir = Path.of("tftpboot-sample");

    private Path templatesDir;

    private String apiToken;

    private URI publicUrl;

    private String defaultProfile;

    @NotNull
    private Duration refreshInterval = Duration.seconds(1);

    @NotNull
    private Duration retryDelay = Duration.seconds(10);

    @NotNull
    private DataSize maxRequestBody = DataSize.kibibytes(64);

    @Valid
    @NotNull
    private SwarmConfiguration swarm = new SwarmConfiguration();

    @Valid
    @NotNull
    private TftpConfiguration tftp = new TftpConfiguration();

    @Min(1)
    private int eventsPerMachine = 100;

    @Min(1)
    private int eventMachines = 10_000;

    @JsonProperty
    public Path getDataDir() {
        return dataDir;
    }

    @JsonProperty
    public void setDataDir(Path dataDir) {
        this.dataDir = dataDir;
    }

    public Optional<Path> getTemplatesDir() {
        return Optional.ofNullable(templatesDir);
    }

    @JsonProperty
    public void setTemplatesDir(String templatesDir) {
        this.templatesDir = blankToNull(templatesDir) == null ? null : Path.of(templatesDir);
    }

    public Optional<String> getApiToken() {
        return Optional.ofNullable(apiToken);
    }

    @JsonProperty
    public void setApiToken(String apiToken) {
        this.apiToken = blankToNull(apiToken);
    }

    public Optional<URI> getPublicUrl() {
        return Optional.ofNullable(publicUrl);
    }

    @JsonProperty
    public void setPublicUrl(String publicUrl) {
        String url = blankToNull(publicUrl);
        if (url == null) {
            this.publicUrl = null;
            return;
        }
        URI uri = URI.create(url.endsWith("/") ? url : url + "/");
        if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
            throw new IllegalArgumentException("publicUrl must be an absolute http:// or https:// URL, got '" + url + "'");
        }
        this.publicUrl = uri;
    }

    public Optional<String> getDefaultProfile() {
        return Optional.ofNullable(defaultProfile);
    }

    @JsonProperty
    public void setDefaultProfile(String defaultProfile) {
        this.defaultProfile = blankToNull(defaultProfile);
    }

    @JsonProperty
    public Duration getRefreshInterval() {
        return refreshInterval;
    }

    @JsonProperty
    public void setRefreshInterval(Duration refreshInterval) {
        this.refreshInterval = refreshInterval;
    }

    @JsonProperty
    public Duration getRetryDelay() {
        return retryDelay;
    }

    @JsonProperty
    public void setRetryDelay(Duration retryDelay) {
        this.retryDelay = retryDelay;
    }

    @JsonProperty
    public DataSize getMaxRequestBody() {
        return maxRequestBody;
    }

    @JsonProperty
    public void setMaxRequestBody(DataSize maxRequestBody) {
        this.maxRequestBody = maxRequestBody;
    }

    @JsonProperty
    public SwarmConfiguration getSwarm() {
        return swarm;
    }

    @JsonProperty
    public void setSwarm(SwarmConfiguration swarm) {
        this.swarm = swarm;
    }

    @JsonProperty
    public TftpConfiguration getTftp() {
        return tftp;
    }

    @JsonProperty
    public void setTftp(TftpConfiguration tftp) {
        this.tftp = tftp;
    }

    @JsonProperty
    public int getEventsPerMachine() {
        return eventsPerMachine;
    }

    @JsonProperty
    public void setEventsPerMachine(int eventsPerMachine) {
        this.eventsPerMachine = eventsPerMachine;
    }

    @JsonProperty
    public int getEventMachines() {
        return eventMachines;
    }

    @JsonProperty
    public void setEventMachines(int eventMachines) {
        this.eventMachines = eventMachines;
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }
}

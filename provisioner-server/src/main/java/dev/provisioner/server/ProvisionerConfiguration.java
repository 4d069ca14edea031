package dev.provisioner.server;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.provisioner.server.store.FilesStoreFactory;
import dev.provisioner.server.store.MachineStoreFactory;
import io.dropwizard.validation.ValidationMethod;
import dev.provisioner.server.dhcp.DhcpConfiguration;
import dev.provisioner.server.swarm.SwarmConfiguration;
import dev.provisioner.server.tftp.TftpConfiguration;
import io.dropwizard.core.Configuration;
import io.dropwizard.util.DataSize;
import io.dropwizard.util.Duration;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Optional;

/** {@code config.yml}; every value there can be set through a {@code PROVISIONER_*} environment variable. */
public class ProvisionerConfiguration extends Configuration {

    @NotNull
    private Path dataDir = Path.of("tftpboot-sample");

    private Path templatesDir;

    private String apiToken;

    private Path apiTokensFile;

    private String signingKey;

    @NotNull
    private Duration attemptLifetime = Duration.minutes(30);

    private String publicUrl;

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
    private TlsConfiguration tls = new TlsConfiguration();
    @Valid
    @NotNull
    private DhcpConfiguration dhcp = new DhcpConfiguration();

    @Valid
    @NotNull
    private TftpConfiguration tftp = new TftpConfiguration();

    @Valid
    @NotNull
    private MachineStoreFactory store = new FilesStoreFactory();

    @Valid
    @NotNull
    private TimelineConfiguration timeline = new TimelineConfiguration();

    @Valid
    @NotNull
    private BootLoopGuardConfiguration bootLoopGuard = new BootLoopGuardConfiguration();

    @Valid
    @NotNull
    private DiscoveryConfiguration discovery = new DiscoveryConfiguration();

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
        this.templatesDir = Settings.blankToNull(templatesDir) == null ? null : Path.of(templatesDir);
    }

    public Optional<String> getApiToken() {
        return Optional.ofNullable(apiToken);
    }

    @JsonProperty
    public void setApiToken(String apiToken) {
        this.apiToken = Settings.blankToNull(apiToken);
    }

    /** Checked by {@link #isPublicUrlValid()} before anything asks for it. */
    public Optional<Path> getApiTokensFile() {
        return Optional.ofNullable(apiTokensFile);
    }

    @JsonProperty
    public void setApiTokensFile(String apiTokensFile) {
        this.apiTokensFile = Settings.blankToNull(apiTokensFile) == null ? null : Path.of(apiTokensFile.strip());
    }

    public Optional<String> getSigningKey() {
        return Optional.ofNullable(signingKey);
    }

    @JsonProperty
    public void setSigningKey(String signingKey) {
        this.signingKey = Settings.blankToNull(signingKey);
    }

    @JsonProperty
    public Duration getAttemptLifetime() {
        return attemptLifetime;
    }

    @JsonProperty
    public void setAttemptLifetime(Duration attemptLifetime) {
        this.attemptLifetime = attemptLifetime;
    }

    public Optional<URI> getPublicUrl() {
        return Optional.ofNullable(publicUrl).map(url -> URI.create(url.endsWith("/") ? url : url + "/"));
    }

    @JsonProperty
    public void setPublicUrl(String publicUrl) {
        this.publicUrl = Settings.blankToNull(publicUrl);
    }

    @ValidationMethod(message = "publicUrl (PROVISIONER_PUBLIC_URL) must be an absolute http:// or https:// URL")
    @JsonIgnore
    public boolean isPublicUrlValid() {
        if (publicUrl == null) {
            return true;
        }
        try {
            URI uri = new URI(publicUrl);
            return ("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null;
        } catch (URISyntaxException e) {
            return false;
        }
    }

    public Optional<String> getDefaultProfile() {
        return Optional.ofNullable(defaultProfile);
    }

    @JsonProperty
    public void setDefaultProfile(String defaultProfile) {
        this.defaultProfile = Settings.blankToNull(defaultProfile);
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
    public DhcpConfiguration getDhcp() {
        return dhcp;
    }

    @JsonProperty
    public void setDhcp(DhcpConfiguration dhcp) {
        this.dhcp = dhcp;
    }

    @JsonProperty
    public TlsConfiguration getTls() {
        return tls;
    }

    @JsonProperty
    public void setTls(TlsConfiguration tls) {
        this.tls = tls;
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
    public MachineStoreFactory getStore() {
        return store;
    }

    @JsonProperty
    public void setStore(MachineStoreFactory store) {
        this.store = store;
    }

    @JsonProperty
    public BootLoopGuardConfiguration getBootLoopGuard() {
        return bootLoopGuard;
    }

    @JsonProperty
    public void setBootLoopGuard(BootLoopGuardConfiguration bootLoopGuard) {
        this.bootLoopGuard = bootLoopGuard;
    }

    @JsonProperty
    public TimelineConfiguration getTimeline() {
        return timeline;
    }

    @JsonProperty
    public void setTimeline(TimelineConfiguration timeline) {
        this.timeline = timeline;
    }

    @JsonProperty
    public DiscoveryConfiguration getDiscovery() {
        return discovery;
    }

    @JsonProperty
    public void setDiscovery(DiscoveryConfiguration discovery) {
        this.discovery = discovery;
    }
}

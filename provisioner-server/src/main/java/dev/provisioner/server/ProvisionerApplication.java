package dev.provisioner.server;

import com.codahale.metrics.Gauge;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.provisioner.server.api.BodyLimit;
import dev.provisioner.server.api.MachineResource;
import dev.provisioner.server.api.ProfileResource;
import dev.provisioner.server.api.SwarmResource;
import dev.provisioner.server.api.errors.ApiExceptionMapper;
import dev.provisioner.server.api.errors.DomainExceptionMappers;
import dev.provisioner.server.api.errors.JsonExceptionMapper;
import dev.provisioner.server.api.errors.UnexpectedExceptionMapper;
import dev.provisioner.server.api.errors.WebExceptionMapper;
import dev.provisioner.server.api.AuditResource;
import dev.provisioner.server.api.DiscoveredResource;
import dev.provisioner.server.api.EventStream;
import dev.provisioner.server.api.EventsResource;
import dev.provisioner.server.core.lifecycle.BootTimelines;
import dev.provisioner.server.core.explain.Explainer;
import dev.provisioner.server.core.explain.TemplateSources;
import dev.provisioner.server.store.GitFileHistory;
import dev.provisioner.server.core.timeline.EventFeed;
import dev.provisioner.server.core.timeline.ArtifactKind;
import dev.provisioner.server.core.lifecycle.BootCounter;
import dev.provisioner.server.health.PrometheusMetrics;
import dev.provisioner.server.health.PrometheusServlet;
import dev.provisioner.server.core.discovery.Discovery;
import dev.provisioner.server.auth.ApiTokenAuthenticator;
import dev.provisioner.server.auth.OperatorTokens;
import dev.provisioner.server.auth.RoleAuthorizer;
import dev.provisioner.server.auth.TaskGuard;
import dev.provisioner.server.core.audit.AuditLog;
import dev.provisioner.server.core.trust.AttemptSigner;
import dev.provisioner.server.core.trust.Attempts;
import dev.provisioner.server.core.trust.NodeVerifier;
import dev.provisioner.server.core.trust.TokenRotation;
import dev.provisioner.server.core.timeline.Timeline;
import dev.provisioner.server.store.MemoryAttemptStore;
import dev.provisioner.server.trust.SigningKeys;
import java.io.UncheckedIOException;
import dev.provisioner.server.core.audit.RecentAuditLog;
import io.dropwizard.auth.AuthValueFactoryProvider;
import dev.provisioner.server.cli.HashTokenCommand;
import dev.provisioner.server.cli.ProvisionerServerCommand;
import dev.provisioner.server.cli.StartupFailure;
import dev.provisioner.server.cli.TranspileCommand;
import dev.provisioner.server.cli.ValidateCommand;
import dev.provisioner.server.cli.RenderCommand;
import dev.provisioner.server.cli.PackOemCommand;
import dev.provisioner.server.auth.JsonUnauthorizedHandler;
import dev.provisioner.server.auth.Operator;
import dev.provisioner.server.core.links.ServerUrls;
import dev.provisioner.server.files.ConfinedFiles;
import dev.provisioner.server.render.IpxeScripts;
import dev.provisioner.server.render.PxelinuxConfigs;
import dev.provisioner.server.tftp.TftpFiles;
import io.dropwizard.core.server.SimpleServerFactory;
import dev.provisioner.server.core.BootService;
import dev.provisioner.server.core.lifecycle.BootGoals;
import dev.provisioner.server.core.links.MachineLinks;
import dev.provisioner.server.core.Inventory;
import dev.provisioner.server.core.Machine;
import dev.provisioner.server.core.MachineStore;
import dev.provisioner.server.store.MachineStoreFactory;
import dev.provisioner.server.core.SwarmSource;
import dev.provisioner.server.health.DataDirectoryHealthCheck;
import dev.provisioner.server.health.MeteredTimeline;
import dev.provisioner.server.http.AssetGuard;
import dev.provisioner.server.core.trust.Enrollment;
import dev.provisioner.server.http.EnrollServlet;
import java.util.Optional;
import java.util.List;
import java.util.ArrayList;
import io.dropwizard.jetty.ConnectorFactory;
import dev.provisioner.server.http.PinnedTlsConnectorFactory;
import dev.provisioner.server.trust.TlsIdentity;
import dev.provisioner.server.render.EnrollmentTls;
import dev.provisioner.server.http.IpxeServlet;
import dev.provisioner.server.http.MachineConfigServlet;
import dev.provisioner.server.render.IgnitionConfigRenderer;
import dev.provisioner.server.oem.OemArchives;
import dev.provisioner.server.render.SwarmUnits;
import dev.provisioner.server.render.TemplateEngine;
import dev.provisioner.server.store.FileProfileCatalog;
import io.dropwizard.auth.AuthDynamicFeature;
import io.dropwizard.auth.oauth.OAuthCredentialAuthFilter;
import io.dropwizard.configuration.EnvironmentVariableSubstitutor;
import io.dropwizard.configuration.SubstitutingSourceProvider;
import io.dropwizard.core.Application;
import io.dropwizard.core.cli.CheckCommand;
import io.dropwizard.core.setup.Bootstrap;
import io.dropwizard.core.server.DefaultServerFactory;
import io.dropwizard.core.setup.Environment;
import io.dropwizard.jetty.HttpConnectorFactory;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.ServletRegistration;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.EnumSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import org.eclipse.jetty.ee10.servlet.ResourceServlet;
import org.glassfish.jersey.server.filter.RolesAllowedDynamicFeature;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

public class ProvisionerApplication extends Application<ProvisionerConfiguration> {

    private static final Logger LOG = LoggerFactory.getLogger(ProvisionerApplication.class);

    public static void main(String[] args) throws Exception {
        new ProvisionerApplication().run(args);
    }

    @Override
    public String getName() {
        return "provisioner";
    }

    @Override
    protected void addDefaultCommands(Bootstrap<ProvisionerConfiguration> bootstrap) {
        bootstrap.addCommand(new ProvisionerServerCommand(this));
        bootstrap.addCommand(new CheckCommand<>(this));
    }

    @Override
    public void initialize(Bootstrap<ProvisionerConfiguration> bootstrap) {
        bootstrap.addCommand(new ValidateCommand());
        bootstrap.addCommand(new RenderCommand());
        bootstrap.addCommand(new PackOemCommand());
        bootstrap.addCommand(new TranspileCommand());
        bootstrap.addCommand(new HashTokenCommand());
        bootstrap.setConfigurationSourceProvider(new SubstitutingSourceProvider(
                bootstrap.getConfigurationSourceProvider(), new EnvironmentVariableSubstitutor(true)));
    }

    @Override
    public void run(ProvisionerConfiguration config, Environment environment) {
        Path dataDir = config.getDataDir().toAbsolutePath().normalize();
        if (!Files.isDirectory(dataDir)) {
            throw new StartupFailure("the data directory " + dataDir
                    + " does not exist; set PROVISIONER_DATA_DIR (the sample is tftpboot-sample/)");
        }
        java.time.Duration refresh = config.getRefreshInterval().toJavaDuration();
        FileProfileCatalog profiles = FileProfileCatalog.rereadEvery(dataDir, refresh,
                environment.lifecycle().scheduledExecutorService("profile-refresh").threads(1).build());
        environment.lifecycle().manage(profiles);
        MachineStoreFactory.Built store;
        try {
            store = config.getStore().build(dataDir, refresh, environment.lifecycle(), config.getTimeline().bounds());
        } catch (UncheckedIOException e) {
            throw new StartupFailure(e.getMessage());
        }
        MachineStore machines = store.machines();
        LOG.info("data directory {}: {} profiles, {} machines", dataDir, profiles.list().size(), machines.list().size());
        config.getDefaultProfile().filter(id -> profiles.get(id).isEmpty())
                .ifPresent(id -> LOG.warn("the default profile '{}' does not exist (yet); unregistered machines are refused", id));

        PrometheusMetrics prometheus = new PrometheusMetrics(environment.metrics());
        environment.admin().addServlet("prometheus", new PrometheusServlet(prometheus.registry())).addMapping("/prometheus");
        EventFeed feed;
        Discovery discovery;
        BootGoals goals;
        // each event goes, outermost first: the lifecycle's goals (outermost, so that the state changes they record
        // pass through the rest too), discovery, the live feed, the boot counts, the meters, the store
        try {
            feed = new EventFeed(new BootCounter(new MeteredTimeline(store.timeline(), environment.metrics()),
                    machines, profiles, prometheus, config.getTimeline().bounds().machines()), 10_000);
            discovery = config.getDiscovery().build(feed, machines, Clock.systemUTC());
            goals = new BootGoals(discovery, profiles, config.getBootLoopGuard().build(config.getRetryDelay().toJavaDuration()));
        } catch (IllegalArgumentException e) {
            throw new StartupFailure(e.getMessage());
        }
        Timeline timeline = goals;
        MemoryAttemptStore attemptStore = new MemoryAttemptStore();
        NodeVerifier verifier = new NodeVerifier(machines, profiles, attemptStore, timeline,
                config.getSwarm().getQuarantineGrace(), Clock.systemUTC());
        Attempts attempts;
        try {
            attempts = new Attempts(attemptStore, new AttemptSigner(SigningKeys.load(config.getSigningKey(), dataDir)),
                    config.getAttemptLifetime().toJavaDuration(), verifier, Clock.systemUTC());
        } catch (IllegalArgumentException | UncheckedIOException e) {
            throw new StartupFailure(e.getMessage());
        }
        SwarmSource swarm;
        try {
            swarm = config.getSwarm().build(environment.lifecycle(), () -> registeredHostnames(machines), verifier,
                    new TokenRotation(attempts::lastEnrollment, config.getSwarm().getRotateAfter(), Clock.systemUTC()));
        } catch (IllegalArgumentException e) {
            throw new StartupFailure(e.getMessage());
        }
        LOG.info("swarm: {}", swarm.status().source());

        Optional<EnrollmentTls> tls = tlsListener(config, dataDir);
        TemplateEngine templates = TemplateEngine.withBuiltIns(config.getTemplatesDir());
        IgnitionConfigRenderer configs = new IgnitionConfigRenderer(dataDir, swarm, new SwarmUnits(templates, tls));
        BootService boot = new BootService(machines, profiles, configs, attempts, swarm, timeline,
                config.getDefaultProfile(), Clock.systemUTC());
        java.time.Duration retry = config.getRetryDelay().toJavaDuration();
        IpxeScripts ipxe = new IpxeScripts(templates, retry);
        PxelinuxConfigs pxelinux = PxelinuxConfigs.perMachine(templates, retry);
        ServerUrls urls = new ServerUrls(config.getPublicUrl(), httpPort(config));

        environment.getObjectMapper().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
        OemArchives archives = new OemArchives();
        registerMachineFacing(environment, dataDir, boot, ipxe, urls, archives,
                tls.map(EnrollmentTls::port));
        TftpFiles tftpFiles = new TftpFiles(dataDir, boot, pxelinux,
                PxelinuxConfigs.fallback(templates, retry), archives, urls);
        environment.lifecycle().manage(config.getTftp().build(tftpFiles, environment.metrics(), environment.lifecycle()));
        try {
            config.getDhcp().build(boot, urls, environment.metrics()).ifPresent(environment.lifecycle()::manage);
        } catch (IllegalArgumentException e) {
            throw new StartupFailure(e.getMessage());
        }
        OperatorTokens tokens;
        try {
            tokens = OperatorTokens.of(config.getApiToken(), config.getApiTokensFile());
        } catch (IllegalArgumentException e) {
            throw new StartupFailure(e.getMessage());
        }
        AuditLog audit = new RecentAuditLog(10_000);
        Inventory inventory = new Inventory(machines, profiles, attempts, audit, timeline, Clock.systemUTC());
        goals.changeStatesThrough(inventory);
        Explainer explainer = new Explainer(dataDir, machines, profiles, configs, boot, ipxe, pxelinux,
                config.getDefaultProfile(), discovery, new TemplateSources(IpxeScripts.BOOT_TEMPLATE,
                        PxelinuxConfigs.BOOT_TEMPLATE, SwarmUnits.templates(), templates::fileOf),
                GitFileHistory.of(dataDir));
        registerOperatorApi(tokens, config, environment, List.of(
                new MachineResource(inventory, store.diagnostics(), boot, environment.getObjectMapper(),
                        new BootTimelines(timeline, machines, profiles), explainer, urls),
                new ProfileResource(profiles, explainer, urls)));
        environment.jersey().register(new AuditResource(audit));
        environment.jersey().register(new DiscoveredResource(discovery, inventory));
        EventStream stream = new EventStream(feed);
        environment.metrics().register("events.stream.dropped", (Gauge<Long>) feed::dropped);
        environment.lifecycle().manage(stream);
        environment.lifecycle().addEventListener(stream);
        environment.jersey().register(new EventsResource(stream));
        environment.admin().addFilter("task-guard", new TaskGuard(tokens, environment.getObjectMapper()))
                .addMappingForUrlPatterns(EnumSet.of(DispatcherType.REQUEST), true, "/tasks/*");
        environment.jersey().register(new SwarmResource(swarm, verifier));
        environment.healthChecks().register("data-directory",
                new DataDirectoryHealthCheck(dataDir, profiles, machines, store.diagnostics()));
    }

    /** Hostnames that name exactly one machine: a name two hand-edited files share identifies neither. */
    private static Set<String> registeredHostnames(MachineStore machines) {
        return machines.list().stream().map(Machine::hostname).filter(Objects::nonNull)
                .collect(Collectors.groupingBy(name -> name, Collectors.counting()))
                .entrySet().stream().filter(e -> e.getValue() == 1).map(Map.Entry::getKey).collect(Collectors.toSet());
    }

    /** The first application connector's port, for the HTTP URLs that TFTP-served configs may contain. */
    private static int httpPort(ProvisionerConfiguration config) {
        if (config.getServerFactory() instanceof DefaultServerFactory server
                && !server.getApplicationConnectors().isEmpty()
                && server.getApplicationConnectors().get(0) instanceof HttpConnectorFactory http) {
            return http.getPort();
        }
        if (config.getServerFactory() instanceof SimpleServerFactory server
                && server.getConnector() instanceof HttpConnectorFactory http) {
            return http.getPort();
        }
        throw new StartupFailure("the configuration has no HTTP application connector: machines would have no URL "
                + "to fetch their files from (server.applicationConnectors)");
    }

    /**
     * Adds the TLS listener when {@code tls.port} is set, beside the HTTP one and on the same address; configs then
     * send enrollment to it, pinning its key.
     */
    private static Optional<EnrollmentTls> tlsListener(ProvisionerConfiguration config, Path dataDir) {
        if (config.getTls().getPort().isEmpty()) {
            return Optional.empty();
        }
        if (!(config.getServerFactory() instanceof DefaultServerFactory server)
                || !(server.getApplicationConnectors().get(0) instanceof HttpConnectorFactory http)) {
            throw new StartupFailure("PROVISIONER_TLS_PORT needs the default server with an HTTP application connector");
        }
        TlsIdentity identity;
        try {
            identity = TlsIdentity.load(config.getTls().getCertificate(), config.getTls().getKey(), dataDir);
        } catch (IllegalArgumentException | UncheckedIOException e) {
            throw new StartupFailure(e.getMessage());
        }
        int port = config.getTls().getPort().get();
        List<ConnectorFactory> connectors = new ArrayList<>(server.getApplicationConnectors());
        connectors.add(new PinnedTlsConnectorFactory(identity, http.getBindHost(), port));
        server.setApplicationConnectors(connectors);
        EnrollmentTls tls = new EnrollmentTls(port, identity.pin());
        LOG.info("TLS listener on port {} for enrollment; machines pin its key {} ({})", port, tls.pin(),
                identity.certificate().getSubjectX500Principal().getName());
        return Optional.of(tls);
    }

    private static void registerMachineFacing(Environment environment, Path dataDir, BootService boot,
                                              IpxeScripts scripts, ServerUrls urls, OemArchives archives,
                                              Optional<Integer> tlsPort) {
        environment.servlets().addServlet("ipxe", new IpxeServlet(boot, scripts, urls, environment.metrics()))
                .addMapping("/boot.ipxe", "/ipxe");
        environment.servlets().addServlet("enroll", new EnrollServlet(boot, environment.getObjectMapper(), tlsPort))
                .addMapping("/" + Enrollment.PATH);
        environment.servlets().addServlet("machine-config", new MachineConfigServlet(boot, urls,
                environment.getObjectMapper(), archives)).addMapping("/ignition", "/oem/*");
        Path assets = dataDir.resolve("assets");
        if (!Files.isDirectory(assets)) {
            LOG.warn("{} does not exist: /assets/ answers 404 until it does", assets);
        }
        serveFiles(environment, boot, "assets", assets, ArtifactKind.ASSET);
        // iPXE for UEFI HTTP boot, which fetches its first file over HTTP: the files TFTP serves from tftpboot/
        serveFiles(environment, boot, MachineLinks.FIRST_FILES.replace("/", ""), dataDir.resolve("tftpboot"),
                ArtifactKind.DHCP_BOOT_FILE);
    }

    /**
     * {@code /<path>/*} from a directory: Jetty's file servlet does Range, ETag/If-None-Match, HEAD and zero-copy
     * sends; the guard keeps requests inside the directory and records each download of a machine that named itself.
     */
    private static void serveFiles(Environment environment, BootService boot, String path, Path directory,
                                   ArtifactKind kind) {
        ServletRegistration.Dynamic files = environment.servlets().addServlet(path, new ResourceServlet());
        files.setInitParameter("baseResource", directory.toUri().toString());
        files.setInitParameter("pathInfoOnly", "true");
        files.setInitParameter("dirAllowed", "false");
        files.setInitParameter("etags", "true");
        files.setInitParameter("acceptRanges", "true");
        // served from the page cache through mapped buffers: 1.2-1.8 GB/s for one 256 MiB download, where plain
        // reads gave 0.6 GB/s (nginx with sendfile: about 2 GB/s on the same machine)
        files.setInitParameter("useFileMappedBuffer", "true");
        // initrds are hundreds of MB: leave them to the page cache rather than the heap
        files.setInitParameter("maxCachedFileSize", String.valueOf(1024 * 1024));
        files.setInitParameter("maxCacheSize", String.valueOf(32 * 1024 * 1024));
        files.addMapping("/" + path + "/*");
        environment.servlets().addFilter(path + "-guard", new AssetGuard(new ConfinedFiles(directory), boot, kind))
                .addMappingForUrlPatterns(EnumSet.of(DispatcherType.REQUEST), true, "/" + path + "/*");
    }

    private static void registerOperatorApi(OperatorTokens tokens, ProvisionerConfiguration config,
                                            Environment environment, List<Object> resources) {
        if (tokens.isEmpty()) {
            LOG.warn("neither PROVISIONER_API_TOKEN nor PROVISIONER_API_TOKENS_FILE is set: the operator API (/api/v1) "
                    + "and the admin tasks refuse every request");
        }
        environment.jersey().register(new AuthDynamicFeature(new OAuthCredentialAuthFilter.Builder<Operator>()
                .setAuthenticator(new ApiTokenAuthenticator(tokens))
                .setAuthorizer(new RoleAuthorizer())
                .setPrefix("Bearer")
                .setRealm("provisioner")
                .setUnauthorizedHandler(new JsonUnauthorizedHandler())
                .buildAuthFilter()));
        environment.jersey().register(RolesAllowedDynamicFeature.class);
        environment.jersey().register(new AuthValueFactoryProvider.Binder<>(Operator.class));
        environment.jersey().register(new BodyLimit(config.getMaxRequestBody().toBytes()));
        resources.forEach(environment.jersey()::register);
        environment.jersey().register(new ApiExceptionMapper());
        environment.jersey().register(new DomainExceptionMappers.InvalidMachine());
        environment.jersey().register(new DomainExceptionMappers.MachineExists());
        environment.jersey().register(new DomainExceptionMappers.MachineNotFound());
        environment.jersey().register(new JsonExceptionMapper());
        environment.jersey().register(new WebExceptionMapper());
        environment.jersey().register(new UnexpectedExceptionMapper());
    }
}

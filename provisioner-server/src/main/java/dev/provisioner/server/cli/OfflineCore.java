package dev.provisioner.server.cli;

import dev.provisioner.server.core.BootService;
import dev.provisioner.server.core.MacAddress;
import dev.provisioner.server.core.SwarmCredentials;
import dev.provisioner.server.core.SwarmSource;
import dev.provisioner.server.core.discovery.Discovery;
import dev.provisioner.server.core.explain.Explainer;
import dev.provisioner.server.core.explain.TemplateSources;
import dev.provisioner.server.core.timeline.RecentTimeline;
import dev.provisioner.server.core.trust.AttemptSigner;
import dev.provisioner.server.core.trust.Attempts;
import dev.provisioner.server.core.trust.RunningNodes;
import dev.provisioner.server.render.IgnitionConfigRenderer;
import dev.provisioner.server.render.IpxeScripts;
import dev.provisioner.server.render.PxelinuxConfigs;
import dev.provisioner.server.render.SwarmUnits;
import dev.provisioner.server.render.TemplateEngine;
import dev.provisioner.server.store.FileMachineStore;
import dev.provisioner.server.store.FileProfileCatalog;
import dev.provisioner.server.store.GitFileHistory;
import dev.provisioner.server.store.MemoryAttemptStore;
import dev.provisioner.server.swarm.StaticSwarm;
import dev.provisioner.server.trust.SigningKeys;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import net.sourceforge.argparse4j.inf.Namespace;
import net.sourceforge.argparse4j.inf.Subparser;

/**
 * The core as the one-off commands run it, on a data directory and without a server: the same catalog, store,
 * templates, renderer and boot path, with a placeholder swarm (a command needs none: a swarm profile's join unit
 * gets a placeholder token and credential) and boot attempts of its own, signed with a key of its own. Nothing it
 * does is written to the data directory.
 */
final class OfflineCore {

    static final URI PLACEHOLDER_URL = URI.create("http://provisioner.invalid/");
    static final SwarmSource PLACEHOLDER_SWARM = new StaticSwarm(new SwarmCredentials(
            Optional.of("SWMTKN-1-" + "0".repeat(50) + "-" + "0".repeat(25)), List.of("swarm-manager.invalid:2377"),
            "placeholder"));
    private static final Duration RETRY = Duration.ofSeconds(10);

    final Path dataDir;
    final FileProfileCatalog profiles;
    final FileMachineStore machines;
    final TemplateEngine templates;
    final IgnitionConfigRenderer configs;
    final Attempts attempts;
    final RecentTimeline timeline = new RecentTimeline(1, 1);
    final Optional<String> defaultProfile;
    final BootService boot;
    final IpxeScripts ipxe;
    final PxelinuxConfigs pxelinux;
    final PxelinuxConfigs fallback;

    private OfflineCore(Path dataDir, Optional<Path> templatesDir, Optional<String> defaultProfile) {
        this.dataDir = dataDir.toAbsolutePath().normalize();
        this.profiles = new FileProfileCatalog(this.dataDir);
        this.machines = new FileMachineStore(this.dataDir);
        this.templates = TemplateEngine.withBuiltIns(templatesDir);
        this.configs = new IgnitionConfigRenderer(this.dataDir, PLACEHOLDER_SWARM, new SwarmUnits(templates, Optional.empty()));
        this.attempts = new Attempts(new MemoryAttemptStore(), new AttemptSigner(SigningKeys.random()),
                Duration.ofMinutes(30), RunningNodes.NONE, Clock.systemUTC());
        this.defaultProfile = defaultProfile;
        this.boot = withDefault(defaultProfile);
        this.ipxe = new IpxeScripts(templates, RETRY);
        this.pxelinux = PxelinuxConfigs.perMachine(templates, RETRY);
        this.fallback = PxelinuxConfigs.fallback(templates, RETRY);
    }

    /** The boot path with another default profile: validate asks every profile as the default. */
    BootService withDefault(Optional<String> profile) {
        return new BootService(machines, profiles, configs, attempts, PLACEHOLDER_SWARM, timeline, profile,
                Clock.systemUTC());
    }

    Explainer explainer(URI base) {
        return new Explainer(dataDir, machines, profiles, configs, boot, ipxe, pxelinux, defaultProfile,
                new Discovery(timeline, machines, 1, Duration.ofDays(1), Clock.systemUTC()),
                new TemplateSources(IpxeScripts.BOOT_TEMPLATE, PxelinuxConfigs.BOOT_TEMPLATE, SwarmUnits.templates(),
                        templates::fileOf), GitFileHistory.of(dataDir));
    }

    /** The data directory, {@code --templates} and {@code --default-profile}: the last two as the server's settings give them. */
    static void arguments(Subparser subparser) {
        subparser.addArgument("data-dir").dest("dataDir").nargs("?").setDefault("tftpboot-sample")
                .help("the data directory (default: tftpboot-sample)");
        subparser.addArgument("--templates").dest("templates").setDefault(System.getenv("PROVISIONER_TEMPLATES_DIR"))
                .help("templates that override the built-in ones (default: $PROVISIONER_TEMPLATES_DIR, else built-in only)");
        subparser.addArgument("--default-profile").dest("defaultProfile")
                .setDefault(System.getenv("PROVISIONER_DEFAULT_PROFILE"))
                .help("the profile of unregistered machines (default: $PROVISIONER_DEFAULT_PROFILE)");
    }

    /** A machine's MAC first, then the arguments above, and {@code --url}: what render and pack-oem take. */
    static void machineArguments(Subparser subparser) {
        subparser.addArgument("mac").help("the machine's MAC address, in any common spelling");
        arguments(subparser);
        subparser.addArgument("--url").dest("url").setDefault(PLACEHOLDER_URL.toString())
                .help("the server's URL as machines reach it, for the links in what is written (default: a placeholder)");
    }

    static MacAddress mac(Namespace namespace, String command) {
        String text = namespace.getString("mac");
        return MacAddress.parse(text).orElseThrow(() -> new StartupFailure(command + ": '" + text
                + "' is not a MAC address (52:54:00:12:34:56, 52-54-00-12-34-56, 5254.0012.3456 or 525400123456)"));
    }

    static URI url(Namespace namespace, String command) {
        String text = namespace.getString("url");
        try {
            URI url = URI.create(text.endsWith("/") ? text : text + "/");
            if (url.getScheme() == null || url.getHost() == null) {
                throw new IllegalArgumentException("no scheme or host");
            }
            return url;
        } catch (IllegalArgumentException e) {
            throw new StartupFailure(command + ": --url " + text + " is not an http URL (" + e.getMessage() + ")");
        }
    }

    static OfflineCore of(Namespace namespace, String command) {
        Path dataDir = Path.of(namespace.getString("dataDir"));
        if (!Files.isDirectory(dataDir)) {
            throw new StartupFailure(command + ": " + dataDir + " is not a directory");
        }
        return new OfflineCore(dataDir,
                Optional.ofNullable(namespace.getString("templates")).filter(t -> !t.isBlank()).map(Path::of),
                Optional.ofNullable(namespace.getString("defaultProfile")).filter(p -> !p.isBlank()));
    }
}

package dev.provisioner.server.render;

import dev.provisioner.ignition.Diagnostic;
import dev.provisioner.ignition.Limits;
import dev.provisioner.ignition.Transpiler;
import dev.provisioner.ignition.model.Unit;
import dev.provisioner.server.core.ConfigOutcome;
import dev.provisioner.server.core.ConfigRenderer;
import dev.provisioner.server.core.Machine;
import dev.provisioner.server.core.Problem;
import dev.provisioner.server.core.Profile;
import dev.provisioner.server.core.SwarmSource;
import dev.provisioner.server.core.SwarmCredentials;
import dev.provisioner.server.core.SwarmRole;
import dev.provisioner.server.core.SwarmUnavailableException;
import dev.provisioner.server.core.trust.Enrollment;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A machine's config: the profile's template under {@code configs/} rendered with Freemarker (square-bracket
 * syntax, so shell and systemd text passes through), then transpiled to the profile's Ignition spec, with the
 * swarm join and leave units added when the profile has a swarm role. Transpiler diagnostics point into the
 * rendered text, which equals the template wherever no directive expanded to several lines.
 */
public final class IgnitionConfigRenderer implements ConfigRenderer {

    private static final int CACHED_CONFIGS = 10_000;

    private final TemplateEngine configs;
    private final Path filesDir;
    private final SwarmSource swarm;
    private final SwarmUnits swarmUnits;
    /** Transpiling is most of the work; the rendered text (and the spec) is the key, so edits never go stale. */
    private final ContentCache<ConfigOutcome> transpiled = new ContentCache<>(CACHED_CONFIGS);

    public IgnitionConfigRenderer(Path dataDir, SwarmSource swarm, SwarmUnits swarmUnits) {
        this.configs = TemplateEngine.forConfigs(dataDir.resolve("configs"));
        this.filesDir = dataDir.resolve("configs");
        this.swarm = swarm;
        this.swarmUnits = swarmUnits;
    }

    @Override
    public ConfigOutcome render(Machine machine, Profile profile, URI base, Enrollment enrollment) {
        if (profile.config().isEmpty()) {
            return broken("profiles/" + profile.id() + ".yaml", 0, 0, "the profile names no config");
        }
        String name = profile.config().get();
        String profileFile = "profiles/" + profile.id() + ".yaml";
        Optional<SwarmCredentials> credentials = Optional.empty();
        if (profile.swarmRole().isPresent()) {
            try {
                credentials = Optional.of(swarm.credentials());
            } catch (SwarmUnavailableException e) {
                return swarmNotReady(profileFile, "swarm role " + profile.swarmRole().get().dockerName() + ": " + e.getMessage());
            }
        }
        String yaml;
        try {
            yaml = configs.render(name, model(machine, profile, base, credentials));
        } catch (TemplateFailure e) {
            return broken("configs/" + name, e.line(), e.column(), e.reason());
        }
        List<Unit> units = List.of();
        if (profile.swarmRole().isPresent()) {
            SwarmRole role = profile.swarmRole().get();
            Optional<String> token = credentials.get().workerToken();
            if (token.isEmpty() || credentials.get().managers().isEmpty()) {
                return swarmNotReady(profileFile, "swarm role " + role.dockerName() + ": the swarm "
                        + (token.isEmpty() ? "has no worker join token" : "lists no manager address")
                        + " (see GET /api/v1/swarm)");
            }
            try {
                units = swarmUnits.render(role, enrollment);
            } catch (TemplateFailure e) {
                return broken("templates/" + e.template(), e.line(), e.column(), e.reason());
            } catch (IllegalArgumentException e) {
                return broken(profileFile, 0, 0, "swarm role " + role.dockerName() + ": " + e.getMessage());
            }
        }
        List<Unit> added = units;
        if (yaml.contains("local:")) {
            // local contents come from files the cache key does not cover
            return transpile(name, yaml, profile, added);
        }
        List<String> key = new ArrayList<>(List.of(yaml, profile.ignitionSpec(), profile.oem().toString(), name));
        added.forEach(u -> key.add(u.contents()));
        return transpiled.get(() -> transpile(name, yaml, profile, added), key.toArray(String[]::new));
    }

    private ConfigOutcome transpile(String name, String yaml, Profile profile, List<Unit> added) {
        Transpiler.Result result = Transpiler.transpile(yaml.getBytes(StandardCharsets.UTF_8),
                new Transpiler.Options(profile.ignitionSpec(), false, Optional.of(filesDir), false, Limits.DEFAULT, added));
        if (result.json().isEmpty()) {
            return new ConfigOutcome.Broken(problems(name, result, Diagnostic.Severity.ERROR));
        }
        return new ConfigOutcome.Ready(result.json().get().getBytes(StandardCharsets.UTF_8), profile.oem(),
                problems(name, result, Diagnostic.Severity.WARNING));
    }

    private static List<Problem> problems(String name, Transpiler.Result result, Diagnostic.Severity severity) {
        return result.diagnostics().stream().filter(d -> d.severity() == severity)
                .map(d -> new Problem("configs/" + name, d.line(), d.column(),
                        (d.path().isEmpty() ? "" : d.path() + ": ") + d.message()))
                .toList();
    }

    /** The swarm's tokens stay out of the model: a template has no need of them, and its errors cannot quote them. */
    private static Map<String, Object> model(Machine machine, Profile profile, URI base,
                                             Optional<SwarmCredentials> credentials) {
        Map<String, Object> m = new HashMap<>();
        m.put("mac", machine.mac().value());
        m.put("mac_hyphen", machine.mac().hyphenated());
        if (machine.hostname() != null) {
            m.put("hostname", machine.hostname());
        }
        m.put("profile", machine.profile());
        m.put("labels", machine.labels());
        m.put("metadata", machine.metadata());
        Map<String, Object> model = new HashMap<>(Map.of("machine", m, "profile", Map.of("id", profile.id()),
                "server", Map.of("url", base.toString())));
        credentials.ifPresent(c -> model.put("swarm", Map.of("role", profile.swarmRole().orElseThrow().dockerName(),
                "managers", c.managers())));
        return model;
    }

    private static ConfigOutcome broken(String file, int line, int column, String reason) {
        return new ConfigOutcome.Broken(List.of(new Problem(file, line, column, reason)));
    }

    private static ConfigOutcome swarmNotReady(String file, String reason) {
        return new ConfigOutcome.Broken(List.of(new Problem(file, 0, 0, reason)), true);
    }
}

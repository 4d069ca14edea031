package dev.provisioner.server.render;

import dev.provisioner.ignition.Diagnostic;
import dev.provisioner.ignition.Limits;
import dev.provisioner.ignition.Transpiler;
import dev.provisioner.server.core.ConfigOutcome;
import dev.provisioner.server.core.ConfigRenderer;
import dev.provisioner.server.core.Machine;
import dev.provisioner.server.core.Problem;
import dev.provisioner.server.core.Profile;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A machine's config: the profile's template under {@code configs/} rendered with Freemarker (square-bracket
 * syntax, so shell and systemd text passes through), then transpiled to the profile's Ignition spec.
 * Transpiler diagnostics point into the rendered text, which equals the template wherever no directive
 * expanded to several lines.
 */
public final class IgnitionConfigRenderer implements ConfigRenderer {

    private static final int CACHED_CONFIGS = 10_000;

    private final TemplateEngine configs;
    private final Path filesDir;
    /** Transpiling is most of the work; the rendered text (and the spec) is the key, so edits never go stale. */
    private final ContentCache<ConfigOutcome> transpiled = new ContentCache<>(CACHED_CONFIGS);

    public IgnitionConfigRenderer(Path dataDir) {
        this.configs = TemplateEngine.forConfigs(dataDir.resolve("configs"));
        this.filesDir = dataDir.resolve("configs");
    }

    @Override
    public ConfigOutcome render(Machine machine, Profile profile, URI base) {
        if (profile.config().isEmpty()) {
            return broken("profiles/" + profile.id() + ".yaml", 0, 0, "the profile names no config");
        }
        String name = profile.config().get();
        String yaml;
        try {
            yaml = configs.render(name, model(machine, profile, base));
        } catch (TemplateFailure e) {
            return broken("configs/" + name, e.line(), e.column(), e.reason());
        }
        if (yaml.contains("local:")) {
            // local contents come from files the cache key does not cover
            return transpile(name, yaml, profile);
        }
        return transpiled.get(() -> transpile(name, yaml, profile), yaml, profile.ignitionSpec(), profile.oemFile(), name);
    }

    private ConfigOutcome transpile(String name, String yaml, Profile profile) {
        Transpiler.Result result = Transpiler.transpile(yaml.getBytes(StandardCharsets.UTF_8),
                new Transpiler.Options(profile.ignitionSpec(), false, Optional.of(filesDir), false, Limits.DEFAULT));
        if (result.json().isEmpty()) {
            List<Problem> problems = result.diagnostics().stream()
                    .filter(d -> d.severity() == Diagnostic.Severity.ERROR)
                    .map(d -> new Problem("configs/" + name, d.line(), d.column(),
                            (d.path().isEmpty() ? "" : d.path() + ": ") + d.message()))
                    .toList();
            return new ConfigOutcome.Broken(problems);
        }
        return new ConfigOutcome.Ready(result.json().get().getBytes(StandardCharsets.UTF_8), profile.oemFile());
    }

    private static Map<String, Object> model(Machine machine, Profile profile, URI base) {
        Map<String, Object> m = new HashMap<>();
        m.put("mac", machine.mac().value());
        m.put("mac_hyphen", machine.mac().hyphenated());
        if (machine.hostname() != null) {
            m.put("hostname", machine.hostname());
        }
        m.put("profile", machine.profile());
        m.put("labels", machine.labels());
        m.put("metadata", machine.metadata());
        return Map.of("machine", m, "profile", Map.of("id", profile.id()), "server", Map.of("url", base.toString()));
    }

    private static ConfigOutcome broken(String file, int line, int column, String reason) {
        return new ConfigOutcome.Broken(List.of(new Problem(file, line, column, reason)));
    }
}

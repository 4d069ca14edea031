package dev.provisioner.server.render;

import dev.provisioner.server.core.AssetLink;
import dev.provisioner.server.core.BootPlan;
import dev.provisioner.server.core.BootRenderer;
import dev.provisioner.server.core.BootSpec;
import dev.provisioner.server.core.Machine;
import dev.provisioner.server.core.Profile;
import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Renders iPXE scripts from {@code templates/ipxe/} and pxelinux configs from {@code templates/pxelinux/}. */
public final class BootLoaderRenderer implements BootRenderer {

    private final TemplateEngine templates;
    private final long retrySeconds;

    public BootLoaderRenderer(TemplateEngine templates, Duration retryDelay) {
        this.templates = templates;
        this.retrySeconds = Math.max(1, retryDelay.toSeconds());
    }

    @Override
    public String ipxeChain(URI base) {
        return templates.render("ipxe/chain.ipxe.ftl", model(base));
    }

    @Override
    public String ipxeBoot(BootPlan plan, URI base) {
        Map<String, Object> model = model(base);
        model.put("mac", plan.mac().value());
        plan.machine().map(Machine::hostname).ifPresent(hostname -> model.put("hostname", hostname));
        model.put("profile", plan.profile().id());
        model.put("kernel", asset(plan.kernel()));
        model.put("initrds", plan.initrds().stream().map(BootLoaderRenderer::asset).toList());
        model.put("args", plan.args());
        return templates.render("ipxe/boot.ipxe.ftl", model);
    }

    @Override
    public String ipxeRefusal(String reason, URI base) {
        Map<String, Object> model = model(base);
        model.put("reason", consoleText(reason));
        return templates.render("ipxe/refusal.ipxe.ftl", model);
    }

    @Override
    public String pxelinuxBoot(BootPlan plan) {
        Map<String, Object> model = pxelinuxModel(plan.profile().id(), plan.kernel().path(),
                plan.initrds().stream().map(AssetLink::path).toList(), plan.args());
        model.put("mac", plan.mac().value());
        plan.machine().map(Machine::hostname).ifPresent(hostname -> model.put("hostname", hostname));
        return templates.render("pxelinux/boot.cfg.ftl", model);
    }

    @Override
    public String pxelinuxDefault(Profile profile) {
        BootSpec boot = profile.boot();
        return templates.render("pxelinux/boot.cfg.ftl", pxelinuxModel(profile.id(), boot.kernel(), boot.initrds(), boot.args()));
    }

    private static Map<String, Object> pxelinuxModel(String profile, String kernel, List<String> initrds, List<String> args) {
        Map<String, Object> model = new HashMap<>();
        model.put("profile", profile);
        model.put("kernel", kernel);
        model.put("initrds", initrds);
        model.put("args", args);
        return model;
    }

    @Override
    public String pxelinuxRefusal(String reason) {
        Map<String, Object> model = new HashMap<>();
        model.put("reason", consoleText(reason));
        model.put("retrySeconds", retrySeconds);
        return templates.render("pxelinux/refusal.cfg.ftl", model);
    }

    private Map<String, Object> model(URI base) {
        Map<String, Object> model = new HashMap<>();
        model.put("base", base.toString());
        model.put("retrySeconds", retrySeconds);
        return model;
    }

    private static Map<String, String> asset(AssetLink link) {
        return Map.of("name", link.name(), "url", link.url().toString(), "path", link.path());
    }

    /**
     * Text that iPXE prints verbatim: one line, no settings expansion ({@code ${}}), no command
     * operators ({@code ||}, {@code &&}) that would cut the echo short.
     */
    static String consoleText(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            out.append(Character.isISOControl(c) ? ' ' : c);
        }
        String line = out.toString();
        for (String operator : List.of("${", "||", "&&")) {
            line = line.replace(operator, operator.charAt(0) + " " + operator.substring(1));
        }
        return line;
    }
}

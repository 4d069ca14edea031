package dev.provisioner.server.render;

import dev.provisioner.server.core.LocalBoot;
import dev.provisioner.server.core.BootLoader;
import dev.provisioner.server.core.BootPlan;
import dev.provisioner.server.core.MacAddress;
import dev.provisioner.server.core.Machine;
import dev.provisioner.server.core.links.AssetLink;
import dev.provisioner.server.core.timeline.ArtifactKind;
import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/** iPXE scripts from {@code templates/ipxe/}. */
public final class IpxeScripts implements BootLoader<String> {

    /** The template of a machine's boot script. */
    public static final String BOOT_TEMPLATE = "ipxe/boot.ipxe.ftl";

    private final TemplateEngine templates;
    private final long retrySeconds;

    public IpxeScripts(TemplateEngine templates, Duration retryDelay) {
        this.templates = templates;
        this.retrySeconds = Math.max(1, retryDelay.toSeconds());
    }

    @Override
    public ArtifactKind kind() {
        return ArtifactKind.IPXE_SCRIPT;
    }

    /** The static first script: chains to the per-machine script with the machine's identity in the query. */
    public String chain(URI base) {
        return templates.render("ipxe/chain.ipxe.ftl", model(base));
    }

    @Override
    public String boot(BootPlan plan, URI base) {
        Map<String, Object> model = model(base);
        model.put("mac", ScriptText.word("the MAC address", plan.mac().map(MacAddress::value).orElse("unknown")));
        plan.machine().map(Machine::hostname).ifPresent(hostname -> model.put("hostname", ScriptText.line(hostname)));
        model.put("profile", ScriptText.line(plan.profile().id()));
        model.put("kernel", asset(plan.kernel()));
        model.put("initrds", plan.initrds().stream().map(IpxeScripts::asset).toList());
        model.put("args", ScriptText.words("kernel argument", plan.args()));
        return templates.render(BOOT_TEMPLATE, model);
    }

    @Override
    public String refusal(String reason, URI base) {
        Map<String, Object> model = model(base);
        model.put("reason", ScriptText.line(reason));
        return templates.render("ipxe/refusal.ipxe.ftl", model);
    }

    @Override
    public String plainRefusal(String reason, URI base) {
        return "#!ipxe\necho Provisioner: " + ScriptText.line(reason) + "\nsleep " + retrySeconds
                + "\nchain --replace --autofree " + ScriptText.word("the server URL", base.toString()) + "boot.ipxe\n";
    }

    @Override
    public String local(LocalBoot how, String who, URI base) {
        Map<String, Object> model = model(base);
        model.put("who", ScriptText.line(who));
        model.put("how", how.label());
        return templates.render("ipxe/local.ipxe.ftl", model);
    }

    /** iPXE has nothing to fall back on: the machine is told, and asks again. */
    @Override
    public String unknown(String reason, URI base) {
        return refusal(reason, base);
    }

    private Map<String, Object> model(URI base) {
        Map<String, Object> model = new HashMap<>();
        model.put("base", ScriptText.word("the server URL", base.toString()));
        model.put("retrySeconds", retrySeconds);
        return model;
    }

    private static Map<String, String> asset(AssetLink link) {
        return Map.of("name", ScriptText.word("file name", link.name()),
                "url", ScriptText.word("URL", link.url().toString()));
    }
}

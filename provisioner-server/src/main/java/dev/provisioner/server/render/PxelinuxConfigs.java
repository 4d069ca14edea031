package dev.provisioner.server.render;

import dev.provisioner.server.core.LocalBoot;
import dev.provisioner.server.core.BootLoader;
import dev.provisioner.server.core.BootPlan;
import dev.provisioner.server.core.Machine;
import dev.provisioner.server.core.links.AssetLink;
import dev.provisioner.server.core.timeline.ArtifactKind;
import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * pxelinux configs from {@code templates/pxelinux/}: {@code pxelinux.cfg/01-<mac>}, and {@code pxelinux.cfg/default}
 * from the default profile. Paths are TFTP names. An unknown machine gets nothing, so that pxelinux goes on to its
 * other names and {@code default} at once.
 */
public final class PxelinuxConfigs implements BootLoader<Optional<String>> {

    /** The template of a machine's pxelinux config. */
    public static final String BOOT_TEMPLATE = "pxelinux/boot.cfg.ftl";

    private final TemplateEngine templates;
    private final long retrySeconds;
    private final ArtifactKind kind;

    private PxelinuxConfigs(TemplateEngine templates, Duration retryDelay, ArtifactKind kind) {
        this.templates = templates;
        this.retrySeconds = Math.max(1, retryDelay.toSeconds());
        this.kind = kind;
    }

    /** {@code pxelinux.cfg/01-<mac>}. */
    public static PxelinuxConfigs perMachine(TemplateEngine templates, Duration retryDelay) {
        return new PxelinuxConfigs(templates, retryDelay, ArtifactKind.PXELINUX_CONFIG);
    }

    /** {@code pxelinux.cfg/default}. */
    public static PxelinuxConfigs fallback(TemplateEngine templates, Duration retryDelay) {
        return new PxelinuxConfigs(templates, retryDelay, ArtifactKind.PXELINUX_DEFAULT);
    }

    @Override
    public ArtifactKind kind() {
        return kind;
    }

    @Override
    public Optional<String> boot(BootPlan plan, URI base) {
        Map<String, Object> model = new HashMap<>();
        plan.mac().ifPresent(mac -> model.put("mac", ScriptText.word("the MAC address", mac.value())));
        plan.machine().map(Machine::hostname).ifPresent(hostname -> model.put("hostname", ScriptText.line(hostname)));
        model.put("profile", ScriptText.line(plan.profile().id()));
        model.put("kernel", ScriptText.word("file name", plan.kernel().tftpName()));
        model.put("initrds", plan.initrds().stream().map(AssetLink::tftpName).map(PxelinuxConfigs::initrd).toList());
        model.put("args", ScriptText.words("kernel argument", plan.args()));
        return Optional.of(templates.render(BOOT_TEMPLATE, model));
    }

    /** pxelinux separates initrds with commas. */
    private static String initrd(String name) {
        if (name.contains(",")) {
            throw new IllegalArgumentException("initrd '" + ScriptText.line(name) + "' has a comma, which pxelinux reads as a separator");
        }
        return ScriptText.word("file name", name);
    }

    @Override
    public Optional<String> refusal(String reason, URI base) {
        Map<String, Object> model = new HashMap<>();
        model.put("reason", ScriptText.line(reason));
        model.put("retrySeconds", retrySeconds);
        return Optional.of(templates.render("pxelinux/refusal.cfg.ftl", model));
    }

    @Override
    public Optional<String> plainRefusal(String reason, URI base) {
        return Optional.of("SAY Provisioner: " + ScriptText.line(reason) + "\nDEFAULT retry\nPROMPT 1\nTIMEOUT "
                + retrySeconds * 10 + "\nLABEL retry\n  COM32 reboot.c32\n");
    }

    /** pxelinux can only hand back to the BIOS: {@code LOCALBOOT 0} whatever the profile says. */
    @Override
    public Optional<String> local(LocalBoot how, String who, URI base) {
        return Optional.of(templates.render("pxelinux/local.cfg.ftl", Map.of("who", ScriptText.line(who))));
    }

    @Override
    public Optional<String> unknown(String reason, URI base) {
        return Optional.empty();
    }
}

package dev.provisioner.server.cli;

import dev.provisioner.server.core.ConfigOutcome;
import dev.provisioner.server.core.MacAddress;
import dev.provisioner.server.core.Machine;
import dev.provisioner.server.core.MachineState;
import dev.provisioner.server.core.Profile;
import dev.provisioner.server.core.explain.Explanation;
import dev.provisioner.server.core.trust.Enrollment;
import io.dropwizard.core.setup.Bootstrap;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import net.sourceforge.argparse4j.inf.Namespace;
import net.sourceforge.argparse4j.inf.Subparser;

/**
 * {@code render MAC [DATA_DIR]}: what the machine would get from the server, printed: why, its iPXE script, its
 * pxelinux config and its Ignition config, from the same core as the server (explain's answers, and the config
 * in full, which the API never shows). Exit code 1 when the machine would be refused, with the reason.
 */
public class RenderCommand extends ConciseCommand {

    public RenderCommand() {
        super("render", "Prints what a machine would get: its iPXE script, pxelinux config and Ignition config");
    }

    @Override
    public void configure(Subparser subparser) {
        OfflineCore.machineArguments(subparser);
    }

    @Override
    public void run(Bootstrap<?> bootstrap, Namespace namespace) {
        MacAddress mac = OfflineCore.mac(namespace, "render");
        OfflineCore core = OfflineCore.of(namespace, "render");
        URI base = OfflineCore.url(namespace, "render");
        Explanation explained = core.explainer(base).explain(mac, base);
        System.out.println("# machine " + mac + ": " + explained.because()
                + explained.profile().map(p -> ", profile " + p).orElse("") + ", state " + explained.state().label()
                + ": " + explained.answer());
        explained.bootScript().ifPresent(script -> section("iPXE script (GET /ipxe?mac=" + mac.hyphenated() + ")", script));
        explained.pxelinuxConfig().ifPresent(config -> section("pxelinux config (pxelinux.cfg/01-" + mac.hyphenated()
                + ")", config));
        Optional<Machine> machine = core.machines.get(mac);
        Optional<Profile> profile = explained.profile().flatMap(core.profiles::get);
        if (machine.isPresent() && profile.isPresent() && profile.get().config().isPresent()
                && explained.state() != MachineState.LOCAL) {
            ConfigOutcome config = core.configs.render(machine.get(), profile.get(), base, Enrollment.placeholder(base));
            if (config instanceof ConfigOutcome.Ready ready) {
                section("Ignition config (GET /ignition?mac=" + mac.hyphenated() + "), spec "
                        + profile.get().ignitionSpec(), new String(ready.ignition(), StandardCharsets.UTF_8) + "\n");
                ready.warnings().forEach(warning -> System.err.println("warning: " + warning));
            } else if (config instanceof ConfigOutcome.Broken broken) {
                broken.problems().forEach(System.err::println);
            }
        }
        if (!explained.boots()) {
            throw new StartupFailure("render: machine " + mac + " would not boot: " + explained.answer());
        }
    }

    private static void section(String title, String text) {
        System.out.println("# --- " + title);
        System.out.print(text.endsWith("\n") ? text : text + "\n");
    }
}

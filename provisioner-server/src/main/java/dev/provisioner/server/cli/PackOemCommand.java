package dev.provisioner.server.cli;

import dev.provisioner.server.core.ConfigOutcome;
import dev.provisioner.server.core.MacAddress;
import dev.provisioner.server.core.Machine;
import dev.provisioner.server.core.Profile;
import dev.provisioner.server.core.links.MachineLinks;
import dev.provisioner.server.core.trust.Enrollment;
import dev.provisioner.server.oem.OemArchive;
import dev.provisioner.server.store.AtomicFiles;
import io.dropwizard.core.setup.Bootstrap;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import net.sourceforge.argparse4j.inf.Namespace;
import net.sourceforge.argparse4j.inf.Subparser;

/**
 * {@code pack-oem MAC [DATA_DIR] [--out FILE]}: writes the machine's config packed as its profile's OEM archive, the
 * file the server serves as {@code oem/<mac>.cpio.gz} (or {@code .xz}, or the Fedora CoreOS layout), from the same
 * core: for a PXE initrd made by hand, or to look inside. The file is written whole or not at all.
 */
public class PackOemCommand extends ConciseCommand {

    public PackOemCommand() {
        super("pack-oem", "Writes a machine's config packed as its profile's OEM archive");
    }

    @Override
    public void configure(Subparser subparser) {
        OfflineCore.machineArguments(subparser);
        subparser.addArgument("--out").dest("out")
                .help("the file to write (default: the archive's name, e.g. 52-54-00-12-34-56.cpio.gz, here)");
    }

    @Override
    public void run(Bootstrap<?> bootstrap, Namespace namespace) throws IOException {
        MacAddress mac = OfflineCore.mac(namespace, "pack-oem");
        OfflineCore core = OfflineCore.of(namespace, "pack-oem");
        URI base = OfflineCore.url(namespace, "pack-oem");
        Machine machine = core.machines.get(mac).orElseThrow(() -> new StartupFailure("pack-oem: machine " + mac
                + " is not registered in " + core.dataDir + ": only registered machines get a config"));
        Profile profile = core.profiles.get(machine.profile()).orElseThrow(() -> new StartupFailure("pack-oem: machine "
                + mac + ": profile " + machine.profile() + " does not load: " + core.profiles.problemOf(machine.profile())
                .map(Object::toString).orElse("no such profile")));
        if (profile.config().isEmpty()) {
            throw new StartupFailure("pack-oem: machine " + mac + ": profile " + profile.id() + " names no config");
        }
        ConfigOutcome config = core.configs.render(machine, profile, base, Enrollment.placeholder(base));
        if (!(config instanceof ConfigOutcome.Ready ready)) {
            ((ConfigOutcome.Broken) config).problems().forEach(System.err::println);
            throw new StartupFailure("pack-oem: machine " + mac + ": its config cannot be made");
        }
        ready.warnings().forEach(warning -> System.err.println("warning: " + warning));
        String name = MachineLinks.oemArchiveName(mac, profile.oem().layout());
        Path out = Path.of(namespace.getString("out") != null ? namespace.getString("out")
                : name.substring(name.lastIndexOf('/') + 1)).toAbsolutePath();
        byte[] archive = OemArchive.pack(ready.ignition(), ready.oem());
        AtomicFiles.write(out, archive);
        System.out.println("pack-oem: " + out + " (" + archive.length + " bytes, " + profile.oem().fileName() + " of "
                + profile.id() + ", served as " + name + ")");
    }
}

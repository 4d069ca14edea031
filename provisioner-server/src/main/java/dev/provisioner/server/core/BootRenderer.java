package dev.provisioner.server.core;

import java.net.URI;

/** Turns the core's decisions into the text a boot loader reads. {@code base} ends with a slash. */
public interface BootRenderer {

    /** The static first script: chains to the per-machine script with the machine's identity in the query. */
    String ipxeChain(URI base);

    String ipxeBoot(BootPlan plan, URI base);

    /** A script that prints the reason the machine cannot boot on its console, waits, and tries again. */
    String ipxeRefusal(String reason, URI base);

    /** A pxelinux config; asset paths are TFTP paths (the TFTP server serves {@code assets/} and {@code oem/}). */
    String pxelinuxBoot(BootPlan plan);

    /** {@code pxelinux.cfg/default} from a profile alone: the machine that will read it is not known. */
    String pxelinuxDefault(Profile profile);

    /** A pxelinux config that shows the reason, waits, and reboots to ask again. */
    String pxelinuxRefusal(String reason);
}

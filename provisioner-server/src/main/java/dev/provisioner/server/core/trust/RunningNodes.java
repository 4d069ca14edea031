package dev.provisioner.server.core.trust;

import dev.provisioner.server.core.MacAddress;

/** Whether a machine's verified swarm node is up: such a machine is running, so it is not network-booting. */
public interface RunningNodes {

    boolean running(MacAddress mac);

    /** No swarm is watched: nothing is known to run. */
    RunningNodes NONE = mac -> false;
}

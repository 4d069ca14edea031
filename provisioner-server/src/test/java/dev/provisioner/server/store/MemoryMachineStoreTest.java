package dev.provisioner.server.store;

import dev.provisioner.server.core.MachineStore;
import dev.provisioner.server.core.MachineStoreContract;

class MemoryMachineStoreTest extends MachineStoreContract {

    private MemoryMachineStore store;

    @Override
    protected MachineStore store() {
        store = new MemoryMachineStore();
        return store;
    }

    @Override
    protected MachineStore reopened() {
        return store;
    }
}

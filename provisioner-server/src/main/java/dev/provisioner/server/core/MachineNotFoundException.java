package dev.provisioner.server.core;

public class MachineNotFoundException extends RuntimeException {

    public MachineNotFoundException(MacAddress mac) {
        super("machine " + mac + " is not registered");
    }
}

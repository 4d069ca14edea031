package dev.provisioner.server.core;

public class MachineExistsException extends RuntimeException {

    public MachineExistsException(MacAddress mac) {
        super("machine " + mac + " is already registered");
    }
}

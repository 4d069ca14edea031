package dev.provisioner.server.core;

/**
 * A boot loader has nothing for the firmware that asks (an architecture no first file is configured for): the
 * machine's data is not at fault, so its boot is refused, not broken.
 */
public class UnsupportedFirmwareException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public UnsupportedFirmwareException(String message) {
        super(message);
    }
}

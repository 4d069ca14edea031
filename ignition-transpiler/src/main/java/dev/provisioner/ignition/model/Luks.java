package dev.provisioner.ignition.model;

import java.util.List;

/** A LUKS volume to create (3.2.0 on; discard, open options and tang advertisements from 3.4.0). */
public record Luks(String name, String device, Contents keyFile, String label, String uuid, List<String> options,
                   Boolean wipeVolume, Clevis clevis, Boolean discard, List<String> openOptions) {

    /** How the volume unlocks without a key file: tang servers, the TPM, or a custom pin. */
    public record Clevis(List<Tang> tang, Boolean tpm2, Long threshold, Custom custom) {

        public Clevis {
            tang = List.copyOf(tang);
        }
    }

    public record Tang(String url, String thumbprint, String advertisement) {
    }

    public record Custom(String pin, String config, Boolean needsNetwork) {
    }

    public Luks {
        options = List.copyOf(options);
        openOptions = List.copyOf(openOptions);
    }
}

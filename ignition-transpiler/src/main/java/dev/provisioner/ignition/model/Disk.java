package dev.provisioner.ignition.model;

import java.util.List;

/** A disk to partition; sizes and starts are in MiB (null: as large as possible, or the next free space). */
public record Disk(String device, Boolean wipeTable, List<Partition> partitions) {

    public record Partition(String label, Long number, Long sizeMiB, Long startMiB, String typeGuid, String guid) {
    }

    public Disk {
        partitions = List.copyOf(partitions);
    }
}

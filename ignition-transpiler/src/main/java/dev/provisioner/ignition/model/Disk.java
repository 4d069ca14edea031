package dev.provisioner.ignition.model;

import java.util.List;

/** A disk to partition; sizes and starts count 512-byte sectors (null: as large as possible, or the next free space). */
public record Disk(String device, Boolean wipeTable, List<Partition> partitions) {

    public record Partition(String label, Long number, Long sizeSectors, Long startSectors, String typeGuid, String guid,
                            Boolean wipePartitionEntry, Boolean shouldExist, Boolean resize) {
    }

    public Disk {
        partitions = List.copyOf(partitions);
    }
}

package dev.provisioner.server.oem;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.commons.compress.archivers.cpio.CpioArchiveEntry;
import org.apache.commons.compress.archivers.cpio.CpioArchiveOutputStream;
import org.apache.commons.compress.archivers.cpio.CpioConstants;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipParameters;

/**
 * The {@code oem.cpio.gz} a Flatcar PXE boot reads its Ignition config from: a newc cpio with the directories
 * {@code usr}, {@code usr/share}, {@code usr/share/oem} and the config file in the last, gzipped. The kernel
 * unpacks it over the PXE image's initramfs, so the archive must be exactly the format the kernel reads.
 * Byte-for-byte reproducible: fixed inode numbers, mtime 0, uid and gid 0, entries in path order, and a gzip
 * header without time or name, so the same config always gives the same bytes (and the same ETag).
 */
public final class OemArchive {

    private static final String[] DIRECTORIES = {"usr", "usr/share", "usr/share/oem"};

    private OemArchive() {
    }

    /** @param fileName {@code config.ign}, or {@code raw.ign} for the old Container Linux convention */
    public static byte[] flatcar(byte[] config, String fileName) {
        if (!fileName.matches("[A-Za-z0-9._-]+")) {
            throw new IllegalArgumentException("not a plain file name: " + fileName);
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(config.length / 2 + 512);
        GzipParameters gzip = new GzipParameters();
        gzip.setCompressionLevel(9);
        gzip.setModificationTime(0);
        try (CpioArchiveOutputStream cpio = new CpioArchiveOutputStream(new GzipCompressorOutputStream(bytes, gzip),
                CpioConstants.FORMAT_NEW)) {
            long inode = 1;
            for (String directory : DIRECTORIES) {
                cpio.putArchiveEntry(entry(directory, CpioConstants.C_ISDIR | 0755, 0, inode++, 2));
                cpio.closeArchiveEntry();
            }
            cpio.putArchiveEntry(entry("usr/share/oem/" + fileName, CpioConstants.C_ISREG | 0644, config.length, inode, 1));
            cpio.write(config);
            cpio.closeArchiveEntry();
        } catch (IOException e) {
            throw new UncheckedIOException("writing to memory does not fail", e);
        }
        return bytes.toByteArray();
    }

    private static CpioArchiveEntry entry(String name, long mode, long size, long inode, long links) {
        CpioArchiveEntry entry = new CpioArchiveEntry(CpioConstants.FORMAT_NEW, name, size);
        entry.setMode(mode);
        entry.setInode(inode);
        entry.setNumberOfLinks(links);
        entry.setUID(0);
        entry.setGID(0);
        entry.setTime(0);
        return entry;
    }
}

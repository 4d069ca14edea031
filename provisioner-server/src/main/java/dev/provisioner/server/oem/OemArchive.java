package dev.provisioner.server.oem;

import dev.provisioner.server.core.OemFormat;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import org.apache.commons.compress.archivers.cpio.CpioArchiveEntry;
import org.apache.commons.compress.archivers.cpio.CpioArchiveOutputStream;
import org.apache.commons.compress.archivers.cpio.CpioConstants;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipParameters;
import org.tukaani.xz.LZMA2Options;
import org.tukaani.xz.XZ;
import org.tukaani.xz.XZOutputStream;

/**
 * The archive a PXE boot reads its Ignition config from, appended to the OS's initramfs. The kernel unpacks it
 * over the image's own files, so it must be exactly the format the kernel reads: newc cpio, and a compression the
 * kernel's own decompressors handle.
 * <ul>
 * <li>Flatcar: the directories {@code usr}, {@code usr/share}, {@code usr/share/oem} and the config file in the
 * last, gzipped.</li>
 * <li>Fedora CoreOS: {@code config.ign} at the root, xz with CRC32 checks (the kernel's xz reader does not check
 * CRC64, the xz tool's default), as {@code coreos-installer pxe ignition wrap} makes it.</li>
 * </ul>
 * Byte-for-byte reproducible: fixed inode numbers, mtime 0, uid and gid 0, entries in path order, and a gzip
 * header without time or name, so the same config always gives the same bytes (and the same ETag).
 */
public final class OemArchive {

    private static final String[] FLATCAR_DIRECTORIES = {"usr", "usr/share", "usr/share/oem"};
    /** Configs are kilobytes: a small dictionary keeps xz from allocating ~100 MiB per archive at its default preset. */
    private static final int XZ_DICTIONARY = 256 * 1024;

    private OemArchive() {
    }

    public static byte[] pack(byte[] config, OemFormat format) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(config.length / 2 + 512);
        try {
            if (format.layout() == OemFormat.Layout.FLATCAR) {
                GzipParameters gzip = new GzipParameters();
                gzip.setCompressionLevel(9);
                gzip.setModificationTime(0);
                write(new GzipCompressorOutputStream(bytes, gzip), FLATCAR_DIRECTORIES,
                        "usr/share/oem/" + format.fileName(), config);
            } else {
                LZMA2Options xz = new LZMA2Options();
                xz.setDictSize(XZ_DICTIONARY);
                write(new XZOutputStream(bytes, xz, XZ.CHECK_CRC32), new String[0], format.fileName(), config);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("writing to memory does not fail", e);
        }
        return bytes.toByteArray();
    }

    private static void write(OutputStream compressed, String[] directories, String file, byte[] config)
            throws IOException {
        try (CpioArchiveOutputStream cpio = new CpioArchiveOutputStream(compressed, CpioConstants.FORMAT_NEW)) {
            long inode = 1;
            for (String directory : directories) {
                cpio.putArchiveEntry(entry(directory, CpioConstants.C_ISDIR | 0755, 0, inode++, 2));
                cpio.closeArchiveEntry();
            }
            cpio.putArchiveEntry(entry(file, CpioConstants.C_ISREG | 0644, config.length, inode, 1));
            cpio.write(config);
            cpio.closeArchiveEntry();
        }
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

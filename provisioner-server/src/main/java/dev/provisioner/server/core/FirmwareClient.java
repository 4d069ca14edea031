package dev.provisioner.server.core;

/**
 * What a DHCP request says about the firmware asking: which first file it can run. Built from option 93 (client
 * architecture, RFC 4578 and IANA's registry), the vendor class ({@code HTTPClient} for UEFI HTTP boot) and the
 * signs of iPXE (user class {@code iPXE} or option 175), which wins: iPXE is already running and only needs its
 * script, which is also what breaks the chain-loading loop.
 */
public record FirmwareClient(Kind kind, int architecture) {

    public enum Kind {
        /** Architecture 0: a PC BIOS's PXE ROM. */
        BIOS,
        /** Architectures 7 and 9: x86-64 UEFI PXE (6 is 32-bit x86 UEFI, which no iPXE build here runs on). */
        UEFI_X86,
        /** Architecture 11: ARM64 UEFI PXE (10 is 32-bit ARM). */
        UEFI_ARM,
        /** Architecture 16 (x64 UEFI HTTP boot, vendor class HTTPClient): fetches its first file over HTTP. */
        UEFI_HTTP,
        /** iPXE itself, whatever it runs on. */
        IPXE,
        /** An architecture this server has no first file for. */
        OTHER
    }

    public static FirmwareClient of(int architecture, boolean httpClient, boolean ipxe) {
        if (ipxe) {
            return new FirmwareClient(Kind.IPXE, architecture);
        }
        Kind kind = switch (architecture) {
            case 0 -> Kind.BIOS;
            case 7, 9 -> httpClient ? Kind.OTHER : Kind.UEFI_X86;
            case 11 -> httpClient ? Kind.OTHER : Kind.UEFI_ARM;
            case 16 -> httpClient ? Kind.UEFI_HTTP : Kind.OTHER;
            default -> Kind.OTHER;
        };
        return new FirmwareClient(kind, architecture);
    }

    /** iPXE's names for the platform, as its {@code ${platform}} setting would say: for the timeline. */
    public String platform() {
        return switch (kind) {
            case BIOS -> "pcbios";
            case UEFI_X86, UEFI_ARM -> "efi";
            case UEFI_HTTP -> "efi-http";
            case IPXE -> "ipxe";
            case OTHER -> "arch-" + architecture;
        };
    }
}

package dev.provisioner.server.dhcp;

import dev.provisioner.server.core.FirmwareClient;
import dev.provisioner.server.core.MacAddress;
import dev.provisioner.server.core.MachineIdentity;
import java.net.Inet4Address;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * What a DHCP request says about the machine and its firmware: its MAC (Ethernet only), message type, vendor class,
 * architecture (option 93), client UUID (option 97), whether iPXE is asking, and the address it asks for.
 */
public record BootRequest(MacAddress mac, int messageType, String vendorClass, FirmwareClient firmware,
                          Optional<String> uuid, Optional<Inet4Address> requestedAddress) {

    /** Empty for what is not a network boot's request: not Ethernet, no message type, no PXE or HTTP vendor class. */
    public static Optional<BootRequest> of(DhcpMessage message) {
        Optional<MacAddress> mac = message.clientMac();
        if (message.op() != DhcpMessage.BOOTREQUEST || mac.isEmpty() || message.messageType().isEmpty()) {
            return Optional.empty();
        }
        String vendorClass = message.option(DhcpOptions.VENDOR_CLASS)
                .map(v -> new String(v, StandardCharsets.US_ASCII)).orElse("");
        boolean http = vendorClass.startsWith("HTTPClient");
        if (!vendorClass.startsWith("PXEClient") && !http) {
            return Optional.empty();
        }
        int architecture = message.option(DhcpOptions.CLIENT_ARCH).filter(a -> a.length >= 2)
                .map(a -> ((a[0] & 0xff) << 8) | (a[1] & 0xff)).orElse(0);
        boolean ipxe = message.options().containsKey(DhcpOptions.IPXE_ENCAPSULATED)
                || message.option(DhcpOptions.USER_CLASS).map(BootRequest::saysIpxe).orElse(false);
        Optional<Inet4Address> requested = message.option(DhcpOptions.REQUESTED_ADDRESS).filter(a -> a.length == 4)
                .map(DhcpCodec::address)
                .or(() -> Optional.of(message.ciaddr()).filter(a -> !a.isAnyLocalAddress()));
        return Optional.of(new BootRequest(mac.get(), message.messageType().get(), vendorClass,
                FirmwareClient.of(architecture, http, ipxe), uuid(message), requested));
    }

    /** The machine as the core's events record it, asking from {@code source} (null: no address yet). */
    public MachineIdentity identity(String source) {
        return new MachineIdentity(Optional.of(mac), uuid.orElse(null), null, String.valueOf(firmware.architecture()),
                firmware.platform(), vendorClass, source);
    }

    /** For an event's account of the request. */
    public String messageName() {
        return messageType == DhcpOptions.DISCOVER ? "DISCOVER" : "REQUEST";
    }

    /** Option 43, sub-option 6 (PXE_DISCOVERY_CONTROL) = 8: take the boot file from this offer, no server discovery. */
    private static final byte[] PXE_DISCOVERY_CONTROL = {6, 1, 8, (byte) 255};

    /**
     * The options of a boot answer, ProxyDHCP or reservation alike: option 60 echoed ({@code HTTPClient}, which UEFI
     * HTTP boot requires back, or {@code PXEClient}); option 97 echoed only as RFC 4578 defines it (a client cannot
     * make the server repeat arbitrary bytes); for PXE firmware option 43 saying to take the boot file from this
     * answer (without it OVMF's PXE finds no boot server in a plain DHCP answer, and falls back to HTTP boot a minute
     * later); and the boot file, option 67.
     */
    public Map<Integer, byte[]> bootOptions(DhcpMessage message, String file) {
        Map<Integer, byte[]> options = new LinkedHashMap<>();
        boolean http = firmware.kind() == FirmwareClient.Kind.UEFI_HTTP;
        options.put(DhcpOptions.VENDOR_CLASS, (http ? "HTTPClient" : "PXEClient").getBytes(StandardCharsets.US_ASCII));
        message.option(DhcpOptions.CLIENT_UUID).filter(uuid -> uuid.length == 17 && uuid[0] == 0)
                .ifPresent(uuid -> options.put(DhcpOptions.CLIENT_UUID, uuid));
        if (!http) {
            options.put(DhcpOptions.VENDOR_SPECIFIC, PXE_DISCOVERY_CONTROL);
        }
        options.put(DhcpOptions.BOOTFILE, file.getBytes(StandardCharsets.US_ASCII));
        return options;
    }

    /** iPXE sends its user class as the plain word; RFC 3004 clients as length-prefixed entries. */
    private static boolean saysIpxe(byte[] userClass) {
        if (new String(userClass, StandardCharsets.US_ASCII).equals("iPXE")) {
            return true;
        }
        for (int i = 0; i < userClass.length; ) {
            int length = userClass[i] & 0xff;
            if (i + 1 + length > userClass.length) {
                return false;
            }
            if (new String(userClass, i + 1, length, StandardCharsets.US_ASCII).equals("iPXE")) {
                return true;
            }
            i += 1 + length;
        }
        return false;
    }

    /**
     * Option 97: type 0 and 16 bytes (RFC 4578); anything else is not a UUID. The first three fields are sent
     * little-endian, as SMBIOS stores them, so that the UUID reads as the machine's firmware and iPXE's
     * {@code ${uuid}} print it.
     */
    private static Optional<String> uuid(DhcpMessage message) {
        return message.option(DhcpOptions.CLIENT_UUID).filter(u -> u.length == 17 && u[0] == 0).map(u -> {
            ByteBuffer bytes = ByteBuffer.wrap(u, 1, 16);
            long high = ((long) Integer.reverseBytes(bytes.getInt()) << 32)
                    | ((long) (Short.reverseBytes(bytes.getShort()) & 0xffff) << 16)
                    | (Short.reverseBytes(bytes.getShort()) & 0xffff);
            return new UUID(high, bytes.getLong()).toString();
        });
    }
}

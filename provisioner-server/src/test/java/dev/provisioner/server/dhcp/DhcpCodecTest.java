package dev.provisioner.server.dhcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The strict reader and the writer of DHCP messages. */
class DhcpCodecTest {

    private static final byte[] MAC = {0x52, 0x54, 0x00, 0x12, 0x34, 0x56};

    static DhcpMessage discover(Map<Integer, byte[]> extra) {
        Map<Integer, byte[]> options = new LinkedHashMap<>();
        options.put(DhcpOptions.MESSAGE_TYPE, new byte[] {DhcpOptions.DISCOVER});
        options.putAll(extra);
        byte[] none = new byte[4];
        return new DhcpMessage(DhcpMessage.BOOTREQUEST, 1, 6, 0, 0x1234abcd, 4, DhcpMessage.BROADCAST,
                DhcpCodec.address(none), DhcpCodec.address(none), DhcpCodec.address(none), DhcpCodec.address(none),
                MAC, "", "", options);
    }

    @Test
    void whatIsWrittenReadsBackAndALongOptionIsSplitAndJoined() throws Exception {
        byte[] longValue = new byte[600];
        Arrays.fill(longValue, (byte) 'x');
        DhcpMessage message = discover(Map.of(DhcpOptions.VENDOR_CLASS, "PXEClient:Arch:00007".getBytes(StandardCharsets.US_ASCII),
                DhcpOptions.USER_CLASS, longValue));
        byte[] bytes = DhcpCodec.encode(message);
        DhcpMessage read = DhcpCodec.decode(ByteBuffer.wrap(bytes));
        assertThat(read.xid()).isEqualTo(0x1234abcd);
        assertThat(read.chaddr()).isEqualTo(MAC);
        assertThat(read.option(DhcpOptions.USER_CLASS)).hasValueSatisfying(v -> assertThat(v).isEqualTo(longValue));
        assertThat(read.messageType()).contains(DhcpOptions.DISCOVER);
        assertThat(DhcpCodec.encode(discover(Map.of()))).hasSize(300);
    }

    @Test
    void optionsCarriedInFileAndSnameAreRead() throws Exception {
        byte[] bytes = DhcpCodec.encode(discover(Map.of(DhcpOptions.OVERLOAD, new byte[] {3})));
        // file (offset 108) holds option 60, sname (offset 44) option 93
        byte[] vendor = "PXEClient".getBytes(StandardCharsets.US_ASCII);
        bytes[108] = DhcpOptions.VENDOR_CLASS;
        bytes[109] = (byte) vendor.length;
        System.arraycopy(vendor, 0, bytes, 110, vendor.length);
        bytes[110 + vendor.length] = (byte) DhcpOptions.END;
        byte[] arch = {DhcpOptions.CLIENT_ARCH, 2, 0, 7, (byte) DhcpOptions.END};
        System.arraycopy(arch, 0, bytes, 44, arch.length);
        DhcpMessage read = DhcpCodec.decode(ByteBuffer.wrap(bytes));
        assertThat(read.option(DhcpOptions.VENDOR_CLASS)).hasValueSatisfying(v -> assertThat(v).isEqualTo(vendor));
        assertThat(read.option(DhcpOptions.CLIENT_ARCH)).hasValueSatisfying(v -> assertThat(v).containsExactly(0, 7));
        assertThat(read.file()).isEmpty();
        assertThat(read.sname()).isEmpty();
    }

    @Test
    void whatCannotBeReadIsRefusedWithTheReason() {
        byte[] good = DhcpCodec.encode(discover(Map.of()));
        assertThatThrownBy(() -> DhcpCodec.decode(ByteBuffer.wrap(Arrays.copyOf(good, 239))))
                .hasMessageContaining("at least 240 bytes");
        assertThatThrownBy(() -> DhcpCodec.decode(ByteBuffer.wrap(new byte[5000]))).hasMessageContaining("larger than");
        byte[] cookie = good.clone();
        cookie[236] = 1;
        assertThatThrownBy(() -> DhcpCodec.decode(ByteBuffer.wrap(cookie))).hasMessageContaining("magic cookie");
        byte[] op = good.clone();
        op[0] = 9;
        assertThatThrownBy(() -> DhcpCodec.decode(ByteBuffer.wrap(op))).hasMessageContaining("op 9");
        byte[] hlen = good.clone();
        hlen[2] = 17;
        assertThatThrownBy(() -> DhcpCodec.decode(ByteBuffer.wrap(hlen))).hasMessageContaining("hlen 17");
        // option 53 claims 200 bytes where 60 are left
        byte[] truncated = good.clone();
        truncated[241] = (byte) 200;
        assertThatThrownBy(() -> DhcpCodec.decode(ByteBuffer.wrap(truncated))).hasMessageContaining("claims 200 bytes");
        byte[] noEnd = Arrays.copyOf(good, 243);
        assertThatThrownBy(() -> DhcpCodec.decode(ByteBuffer.wrap(noEnd))).hasMessageContaining("without an END");
        byte[] overload = DhcpCodec.encode(discover(Map.of(DhcpOptions.OVERLOAD, new byte[] {7})));
        assertThatThrownBy(() -> DhcpCodec.decode(ByteBuffer.wrap(overload))).hasMessageContaining("option 52");
    }
}

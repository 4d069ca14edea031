package dev.provisioner.server.tftp;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The transfer state machine alone, with a link that records what it would send. */
class TransferTest {

    private final List<ByteBuffer> sent = new ArrayList<>();
    private final List<String> endings = new ArrayList<>();

    private Transfer transfer(int size, TransferOptions options) {
        return new Transfer(TftpFile.of(new byte[size]), options, new Transfer.Link() {
            @Override
            public void send(ByteBuffer packet) {
                sent.add(ByteBuffer.allocate(packet.remaining()).put(packet).flip());
            }

            @Override
            public void send(ByteBuffer header, ByteBuffer payload) {
                sent.add(ByteBuffer.allocate(header.remaining() + payload.remaining()).put(header).put(payload).flip());
            }

            @Override
            public void finished(Transfer t, boolean completed, String reason) {
                endings.add(completed + " " + reason);
            }
        });
    }

    /** Found by 500 clients at once: the retransmission timer reached a transfer before it had started. */
    @Test
    void nothingIsDueBeforeStart() {
        Transfer t = transfer(1000, new TransferOptions(512, 1, 1000, Map.of()));
        t.tick(Long.MAX_VALUE - 1);
        assertThat(sent).isEmpty();
        t.start(0);
        assertThat(sent).hasSize(1);
        assertThat(sent.get(0).getShort(0)).isEqualTo(TftpPacket.DATA);
    }

    @Test
    void aFileThatIsAMultipleOfTheBlockSizeEndsWithAnEmptyBlock() {
        Transfer t = transfer(1024, new TransferOptions(512, 4, 1000, Map.of()));
        t.start(0);
        assertThat(sent).extracting(ByteBuffer::remaining).containsExactly(516, 516, 4);
        // block 3 was lost: the client acknowledges 2 and gets 3 again (RFC 7440)
        t.onAck(2, 1);
        assertThat(endings).isEmpty();
        assertThat(sent).hasSize(4);
        t.onAck(3, 2);
        assertThat(endings).containsExactly("true completed");
        t.onAck(3, 3);
        assertThat(sent).hasSize(4);
    }

    @Test
    void blockNumbersWrapAfter65535() {
        Transfer t = transfer(65537 * 8, new TransferOptions(8, 64, 1000, Map.of("blksize", "8")));
        t.start(0);
        t.onAck(0, 0);
        long acked = 0;
        for (int rounds = 0; endings.isEmpty() && rounds < 2000; rounds++) {
            acked = Math.min(acked + 64, 65538);
            t.onAck((int) (acked & 0xffff), 1);
        }
        ByteBuffer last = sent.get(sent.size() - 1);
        assertThat(endings).containsExactly("true completed");
        // block 65538 (an empty one) went out as 2 on the wire
        assertThat(last.getShort(2) & 0xffff).isEqualTo(2);
        assertThat(last.remaining()).isEqualTo(4);
    }
}

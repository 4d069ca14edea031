package dev.provisioner.server.tftp;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/** A TFTP client that does exactly what a test tells it, packet by packet: to see what the server sends back. */
final class RawClient implements AutoCloseable {

    record Packet(int opcode, int number, byte[] payload, InetSocketAddress from) {

        String text() {
            return new String(payload, 0, Math.max(0, payload.length - 1), StandardCharsets.US_ASCII);
        }

        Map<String, String> options() {
            Map<String, String> options = new LinkedHashMap<>();
            String[] parts = new String(payload, StandardCharsets.US_ASCII).split("\0");
            for (int i = 0; i + 1 < parts.length; i += 2) {
                options.put(parts[i], parts[i + 1]);
            }
            return options;
        }
    }

    final DatagramSocket socket;
    final InetSocketAddress server;

    RawClient(InetSocketAddress server) throws IOException {
        this.socket = new DatagramSocket(0, InetAddress.getLoopbackAddress());
        this.socket.setSoTimeout(3000);
        this.socket.setReceiveBufferSize(4 << 20);
        this.server = server;
    }

    static byte[] request(int opcode, String file, String mode, String... options) {
        ByteBuffer b = ByteBuffer.allocate(1024 + options.length * 64);
        b.putShort((short) opcode).put(file.getBytes(StandardCharsets.ISO_8859_1)).put((byte) 0)
                .put(mode.getBytes(StandardCharsets.US_ASCII)).put((byte) 0);
        for (String option : options) {
            b.put(option.getBytes(StandardCharsets.US_ASCII)).put((byte) 0);
        }
        return Arrays.copyOf(b.array(), b.position());
    }

    void send(byte[] bytes, InetSocketAddress to) throws IOException {
        socket.send(new DatagramPacket(bytes, bytes.length, to));
    }

    void ack(int block, InetSocketAddress to) throws IOException {
        send(new byte[] {0, 4, (byte) (block >> 8), (byte) block}, to);
    }

    /** The next packet, or null after the socket's timeout. */
    Packet receive() throws IOException {
        byte[] buffer = new byte[65536 + 4];
        DatagramPacket datagram = new DatagramPacket(buffer, buffer.length);
        try {
            socket.receive(datagram);
        } catch (SocketTimeoutException e) {
            return null;
        }
        ByteBuffer b = ByteBuffer.wrap(buffer, 0, datagram.getLength());
        int opcode = b.getShort() & 0xffff;
        int number = b.remaining() >= 2 && opcode != 6 ? b.getShort() & 0xffff : 0;
        byte[] payload = new byte[b.remaining()];
        b.get(payload);
        return new Packet(opcode, number, payload, (InetSocketAddress) datagram.getSocketAddress());
    }

    @Override
    public void close() {
        socket.close();
    }
}

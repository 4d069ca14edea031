package dev.provisioner.server.tftp;

import com.codahale.metrics.Counter;
import com.codahale.metrics.Meter;
import com.codahale.metrics.MetricRegistry;
import io.dropwizard.lifecycle.Managed;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.PortUnreachableException;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.apache.mina.core.buffer.IoBuffer;
import org.apache.mina.core.future.ConnectFuture;
import org.apache.mina.core.service.IoHandlerAdapter;
import org.apache.mina.core.session.IoSession;
import org.apache.mina.transport.socket.DatagramSessionConfig;
import org.apache.mina.transport.socket.nio.NioDatagramAcceptor;
import org.apache.mina.transport.socket.nio.NioDatagramConnector;
import org.apache.mina.transport.socket.nio.NioSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Read-only TFTP on Apache MINA's UDP transport. Requests arrive on the listening port; every transfer answers
 * from a fresh port of its own (RFC 1350 transfer IDs): a MINA acceptor can only answer from the port it listens
 * on, so each transfer is a session of a connector, bound to an ephemeral port and connected to the client.
 * Retransmissions are driven by one timer for all transfers. Malformed packets get an error packet and are
 * otherwise dropped; nothing a client sends can stop the server or leave a port open past the transfer timeout.
 */
public final class TftpServer implements Managed {

    private static final Logger LOG = LoggerFactory.getLogger(TftpServer.class);
    private static final String TRANSFER = "transfer";

    public record Limits(int maxTransfers, int maxTransfersPerClient, int timeoutMillis) {
    }

    private final InetSocketAddress bind;
    private final TftpFiles files;
    private final Limits limits;
    private final Meter started;
    private final Meter completed;
    private final Meter failed;
    private final Counter bytesSent;
    /** Active transfers by client address and port: a repeated request while one runs is the same request. */
    private final Map<InetSocketAddress, Transfer> active = new ConcurrentHashMap<>();
    /** Clients whose request is being resolved and whose transfer is not yet in {@link #active}. */
    private final Set<InetSocketAddress> answering = ConcurrentHashMap.newKeySet();
    private final Map<java.net.InetAddress, Integer> perClient = new ConcurrentHashMap<>();

    /** Drives retransmission for every transfer. */
    private final ScheduledExecutorService timer;

    private NioDatagramAcceptor acceptor;
    private NioDatagramConnector connector;
    private ScheduledFuture<?> ticking;

    TftpServer(InetSocketAddress bind, TftpFiles files, Limits limits, MetricRegistry metrics,
               ScheduledExecutorService timer) {
        this.bind = bind;
        this.timer = timer;
        this.files = files;
        this.limits = limits;
        this.started = metrics.meter("tftp.transfers.started");
        this.completed = metrics.meter("tftp.transfers.completed");
        this.failed = metrics.meter("tftp.transfers.failed");
        this.bytesSent = metrics.counter("tftp.bytes.sent");
    }

    @Override
    public void start() throws IOException {
        connector = new NioDatagramConnector();
        connector.setHandler(new TransferHandler());
        // transfers only receive ACKs and ERRORs: small buffers, allocated for every datagram read
        connector.getSessionConfig().setReadBufferSize(1024);
        connector.getSessionConfig().setMinReadBufferSize(1024);
        acceptor = new NioDatagramAcceptor();
        acceptor.setHandler(new RequestHandler());
        acceptor.getSessionConfig().setReuseAddress(true);
        // requests with many options are larger than MINA's default read buffer
        acceptor.getSessionConfig().setReadBufferSize(65536);
        acceptor.getSessionConfig().setMinReadBufferSize(65536);
        // a rack powering on sends hundreds of requests at once: the kernel's default 208 KiB drops some of them
        acceptor.getSessionConfig().setReceiveBufferSize(4 * 1024 * 1024);
        acceptor.bind(bind);
        ticking = timer.scheduleWithFixedDelay(() -> {
            long now = System.nanoTime();
            active.values().forEach(t -> t.tick(now));
        }, 20, 20, TimeUnit.MILLISECONDS);
        LOG.info("TFTP on {} (read-only)", localAddress());
    }

    public InetSocketAddress localAddress() {
        return (InetSocketAddress) acceptor.getLocalAddress();
    }

    @Override
    public void stop() {
        ticking.cancel(false);
        acceptor.unbind();
        acceptor.dispose();
        connector.dispose();
    }

    /**
     * A client that goes away (ICMP port unreachable) is routine: handlers end what it started, and MINA need not log
     * it as an error. Set on each session: MINA does not copy this setting from the service's session config.
     */
    private static void portUnreachableIsNotAnError(IoSession session) {
        ((DatagramSessionConfig) session.getConfig()).setCloseOnPortUnreachable(false);
    }

    private final class RequestHandler extends IoHandlerAdapter {

        @Override
        public void sessionCreated(IoSession session) {
            portUnreachableIsNotAnError(session);
        }

        @Override
        public void messageReceived(IoSession session, Object message) {
            IoBuffer buffer = (IoBuffer) message;
            InetSocketAddress client = (InetSocketAddress) session.getRemoteAddress();
            TftpPacket packet = TftpPacket.parse(buffer.buf());
            if (packet instanceof TftpPacket.Request request) {
                if (request.write()) {
                    reply(session, TftpPacket.ACCESS_VIOLATION, "this server is read-only");
                } else {
                    read(session, client, request);
                }
            } else if (packet instanceof TftpPacket.Malformed malformed) {
                reply(session, TftpPacket.ILLEGAL_OPERATION, "illegal TFTP operation: " + malformed.reason());
            } else if (packet instanceof TftpPacket.Unexpected unexpected) {
                reply(session, TftpPacket.ILLEGAL_OPERATION, "illegal TFTP operation: opcode " + unexpected.opcode()
                        + " without a transfer");
            } else if (packet instanceof TftpPacket.Ack) {
                // an ACK on the request port belongs to no transfer
                reply(session, TftpPacket.UNKNOWN_TID, "unknown transfer ID");
            }
        }

        @Override
        public void exceptionCaught(IoSession session, Throwable cause) {
            LOG.debug("TFTP request from {}: {}", session.getRemoteAddress(), cause.toString());
        }
    }

    private void read(IoSession session, InetSocketAddress client, TftpPacket.Request request) {
        // a resent request while the first is being answered: the first answer stands, and is recorded once
        if (active.containsKey(client) || !answering.add(client)) {
            return;
        }
        boolean begun = false;
        try {
            begun = answer(session, client, request);
        } finally {
            if (!begun) {
                answering.remove(client);
            }
        }
    }

    /** Returns true when a transfer is on its way (it takes {@code client} out of {@link #answering}). */
    private boolean answer(IoSession session, InetSocketAddress client, TftpPacket.Request request) {
        if (!request.mode().equals("octet") && !request.mode().equals("netascii")) {
            reply(session, TftpPacket.ILLEGAL_OPERATION, "mode " + request.mode() + " is not supported (octet, netascii)");
            return false;
        }
        if (active.size() >= limits.maxTransfers()
                || perClient.getOrDefault(client.getAddress(), 0) >= limits.maxTransfersPerClient()) {
            reply(session, TftpPacket.NOT_DEFINED, "too many transfers; try again");
            return false;
        }
        try {
            // refused before the file is resolved, so that a request the transfer cannot serve is not recorded as served
            // (no option's refusal depends on the file's size)
            TransferOptions.negotiate(request.options(), 0, limits.timeoutMillis());
        } catch (TransferOptions.Refused e) {
            reply(session, TftpPacket.OPTION_REFUSED, e.getMessage());
            return false;
        }
        TftpFiles.Resolution resolution = files.resolve(request.filename(), client, (InetSocketAddress) session.getLocalAddress());
        if (resolution instanceof TftpFiles.Resolution.Refused refused) {
            reply(session, refused.code(), refused.message());
            return false;
        }
        TftpFiles.Resolution.Found found = (TftpFiles.Resolution.Found) resolution;
        TftpFile file = found.file();
        TransferOptions options;
        try {
            if (request.mode().equals("netascii")) {
                file = TftpFile.netascii(file);
            }
            options = TransferOptions.negotiate(request.options(), file.size(), limits.timeoutMillis());
        } catch (TransferOptions.Refused e) {
            close(file);
            reply(session, TftpPacket.OPTION_REFUSED, e.getMessage());
            return false;
        } catch (IOException e) {
            close(file);
            reply(session, TftpPacket.NOT_DEFINED, e.getMessage());
            return false;
        }
        begin(client, file, options, found.sent());
        return true;
    }

    private void begin(InetSocketAddress client, TftpFile file, TransferOptions options, Optional<TftpFiles.Sent> sent) {
        // a transfer's duration runs from the request to its last block acknowledged, as a machine waits for it
        long asked = System.nanoTime();
        ConnectFuture future = connector.connect(client, new InetSocketAddress(bind.getAddress(), 0));
        future.addListener(f -> {
            ConnectFuture connected = (ConnectFuture) f;
            if (!connected.isConnected()) {
                answering.remove(client);
                close(file);
                LOG.debug("TFTP transfer to {} could not open a port: {}", client, connected.getException().toString());
                return;
            }
            IoSession session = connected.getSession();
            DatagramChannel channel = (DatagramChannel) ((NioSession) session).getChannel();
            Transfer transfer = new Transfer(file, options, new Transfer.Link() {
                private final ByteBuffer[] packet = new ByteBuffer[1];
                private final ByteBuffer[] data = new ByteBuffer[2];

                @Override
                public void send(ByteBuffer whole) {
                    packet[0] = whole;
                    write(packet);
                }

                /** A gathering write: the kernel copies the payload from the page cache, with no copy of ours. */
                @Override
                public void send(ByteBuffer header, ByteBuffer payload) {
                    data[0] = header;
                    data[1] = payload;
                    write(data);
                }

                /**
                 * Straight onto the transfer's connected channel: MINA's write queue would wake its selector for
                 * every block, a cost lock-step TFTP pays on each round trip. The queue takes a copy of what the
                 * socket buffer cannot (a full window on a slow client).
                 */
                private void write(ByteBuffer[] parts) {
                    try {
                        if (channel.write(parts) > 0) {
                            return;
                        }
                    } catch (IOException e) {
                        // the client's port is gone (ICMP unreachable): retransmission gives up on it in time
                        return;
                    }
                    int length = 0;
                    for (ByteBuffer part : parts) {
                        length += part.remaining();
                    }
                    IoBuffer copy = IoBuffer.allocate(length);
                    for (ByteBuffer part : parts) {
                        copy.put(part);
                    }
                    session.write(copy.flip());
                }

                @Override
                public void finished(Transfer t, boolean ok, String reason) {
                    end(client, t, session, ok, reason);
                    if (ok) {
                        sent.ifPresent(s -> s.sent(t.bytesSent(), Duration.ofNanos(System.nanoTime() - asked)));
                    }
                }
            });
            boolean first = active.putIfAbsent(client, transfer) == null;
            answering.remove(client);
            if (!first) {
                close(file);
                session.closeNow();
                return;
            }
            perClient.merge(client.getAddress(), 1, Integer::sum);
            session.setAttribute(TRANSFER, transfer);
            started.mark();
            transfer.start(System.nanoTime());
        });
    }

    private void end(InetSocketAddress client, Transfer transfer, IoSession session, boolean ok, String reason) {
        if (active.remove(client, transfer)) {
            perClient.computeIfPresent(client.getAddress(), (a, n) -> n > 1 ? n - 1 : null);
        }
        bytesSent.inc(transfer.bytesSent());
        (ok ? completed : failed).mark();
        if (!ok) {
            LOG.debug("TFTP transfer to {} failed: {}", client, reason);
        }
        session.closeOnFlush();
    }

    private final class TransferHandler extends IoHandlerAdapter {

        @Override
        public void sessionCreated(IoSession session) {
            portUnreachableIsNotAnError(session);
        }

        @Override
        public void messageReceived(IoSession session, Object message) {
            Transfer transfer = (Transfer) session.getAttribute(TRANSFER);
            if (transfer == null) {
                return;
            }
            TftpPacket packet = TftpPacket.parse(((IoBuffer) message).buf());
            if (packet instanceof TftpPacket.Ack ack) {
                transfer.onAck(ack.block(), System.nanoTime());
            } else if (packet instanceof TftpPacket.Error error) {
                transfer.onError(error.code(), error.message());
            } else {
                // a stray or malformed packet: say so, keep the transfer (retransmission recovers it)
                session.write(IoBuffer.wrap(TftpPacket.error(TftpPacket.ILLEGAL_OPERATION, "illegal TFTP operation")));
            }
        }

        @Override
        public void exceptionCaught(IoSession session, Throwable cause) {
            LOG.debug("TFTP transfer with {}: {}", session.getRemoteAddress(), cause.toString());
            if (cause instanceof PortUnreachableException) {
                abort(session, "the client's port is closed");
            }
        }

        @Override
        public void sessionClosed(IoSession session) {
            abort(session, "the transfer's port was closed");
        }

        private void abort(IoSession session, String reason) {
            Transfer transfer = (Transfer) session.getAttribute(TRANSFER);
            if (transfer != null) {
                transfer.abort(reason);
            }
        }
    }

    private static void reply(IoSession session, int code, String message) {
        session.write(IoBuffer.wrap(TftpPacket.error(code, message)));
    }

    private static void close(TftpFile file) {
        try {
            file.close();
        } catch (IOException e) {
            // read-only: nothing is lost
        }
    }
}

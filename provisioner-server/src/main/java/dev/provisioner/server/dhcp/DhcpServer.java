package dev.provisioner.server.dhcp;

import com.codahale.metrics.Meter;
import com.codahale.metrics.MetricRegistry;
import dev.provisioner.server.core.MacAddress;
import io.dropwizard.lifecycle.Managed;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.FixedRecvByteBufAllocator;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.DatagramPacket;
import io.netty.channel.socket.nio.NioDatagramChannel;
import java.net.Inet4Address;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The DHCP transport on Netty: decodes datagrams strictly, hands them to the mode's {@link DhcpResponder} and sends
 * its replies. Bound to a unicast address, it also listens on 255.255.255.255, because Linux does not deliver broadcasts
 * to a socket bound to a unicast address; replies leave from the unicast socket, so their source is the server's
 * address and a broadcast goes out of the interface that owns it. What cannot be read is dropped and counted
 * ({@code dhcp.malformed}); nothing a client sends can stop the server.
 */
public final class DhcpServer implements Managed {

    private static final Logger LOG = LoggerFactory.getLogger(DhcpServer.class);

    private final DhcpResponder responder;
    private final Inet4Address bind;
    private final int port;
    private final int pxePort;
    private final PerMacLimit limit;
    private final Meter malformed;
    private final Meter answered;
    private final Meter limited;
    private final List<Channel> channels = new ArrayList<>();
    private EventLoopGroup group;
    private Channel sender;

    /** @param perMacLimit answers per MAC per 10 s; 0: no limit */
    public DhcpServer(DhcpResponder responder, Inet4Address bind, int port, int pxePort, int perMacLimit,
                      MetricRegistry metrics) {
        this.responder = responder;
        this.bind = bind;
        this.port = port;
        this.pxePort = pxePort;
        this.limit = perMacLimit == 0 ? null : new PerMacLimit(perMacLimit, Duration.ofSeconds(10), 100_000, Clock.systemUTC());
        this.malformed = metrics.meter("dhcp.malformed");
        this.answered = metrics.meter("dhcp.answered");
        this.limited = metrics.meter("dhcp.rate-limited");
    }

    @Override
    public void start() throws InterruptedException {
        group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        sender = open(new InetSocketAddress(bind, port), false);
        if (!bind.isAnyLocalAddress()) {
            open(new InetSocketAddress(DhcpCodec.BROADCAST, port), false);
        }
        open(new InetSocketAddress(bind, pxePort), true);
        LOG.info("ProxyDHCP on {}:{} and :{}{}", bind.getHostAddress(), port, pxePort,
                bind.isAnyLocalAddress() ? "" : ", and broadcasts to 255.255.255.255:" + port);
    }

    private Channel open(InetSocketAddress address, boolean pxe) throws InterruptedException {
        Channel channel = new Bootstrap().group(group).channel(NioDatagramChannel.class)
                .option(ChannelOption.SO_BROADCAST, true)
                // beside the network's own DHCP server on the same host, which binds the wildcard address
                .option(ChannelOption.SO_REUSEADDR, true)
                // room for a burst of a rack powering on while one answer is computed (the kernel caps it at rmem_max)
                .option(ChannelOption.SO_RCVBUF, 4 * 1024 * 1024)
                .option(ChannelOption.RCVBUF_ALLOCATOR, new FixedRecvByteBufAllocator(DhcpCodec.MAX_DATAGRAM + 1))
                .handler(new Handler(pxe))
                .bind(address).sync().channel();
        channels.add(channel);
        return channel;
    }

    /** One per socket, so that a request knows which port it reached. */
    private final class Handler extends SimpleChannelInboundHandler<DatagramPacket> {

        private final boolean pxe;

        Handler(boolean pxe) {
            this.pxe = pxe;
        }

        @Override
        protected void channelRead0(ChannelHandlerContext context, DatagramPacket packet) {
            DhcpMessage message;
            try {
                message = DhcpCodec.decode(packet.content().nioBuffer());
            } catch (MalformedDhcpException e) {
                malformed.mark();
                LOG.debug("dropped a datagram from {}: {}", packet.sender(), e.getMessage());
                return;
            }
            Optional<MacAddress> mac = message.clientMac();
            if (message.op() != DhcpMessage.BOOTREQUEST || mac.isEmpty()) {
                return;
            }
            if (limit != null && !limit.allow(mac.get())) {
                limited.mark();
                return;
            }
            responder.answer(message, packet.sender(), pxe).ifPresent(reply ->
                    (pxe ? context.channel() : sender).writeAndFlush(new DatagramPacket(
                            Unpooled.wrappedBuffer(DhcpCodec.encode(reply.message())), reply.destination()))
                            .addListener(sent -> {
                                if (sent.isSuccess()) {
                                    answered.mark();
                                } else {
                                    LOG.warn("DHCP: an answer to {} was not sent: {}", reply.destination(), sent.cause().toString());
                                }
                            }));
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext context, Throwable cause) {
            // a bug in one answer: logged, and the socket goes on serving
            LOG.warn("DHCP: {}", cause.toString());
        }

        @Override
        public boolean isSharable() {
            return false;
        }
    }

    @Override
    public void stop() {
        channels.forEach(c -> c.close().syncUninterruptibly());
        if (group != null) {
            group.shutdownGracefully(0, 2, java.util.concurrent.TimeUnit.SECONDS).syncUninterruptibly();
        }
    }
}

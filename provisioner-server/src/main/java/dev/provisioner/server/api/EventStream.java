package dev.provisioner.server.api;

import dev.provisioner.server.core.MacAddress;
import dev.provisioner.server.core.timeline.BootEvent;
import dev.provisioner.server.core.timeline.EventFeed;
import io.dropwizard.lifecycle.Managed;
import org.eclipse.jetty.util.component.LifeCycle;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends the feed's events to every connected server-sent-events client, from one thread of its own: a slow client
 * delays the others, never a boot. A comment every {@link #KEEPALIVE} keeps idle connections open through proxies
 * and finds the clients that left. The streams are closed as the server begins to stop: they never end by
 * themselves, and the server would otherwise wait for them until its shutdown times out.
 */
public final class EventStream implements Managed, LifeCycle.Listener {

    static final Duration KEEPALIVE = Duration.ofSeconds(15);
    private static final Logger LOG = LoggerFactory.getLogger(EventStream.class);

    private record Client(SseEventSink sink, Sse sse, Optional<MacAddress> only) {
    }

    private final EventFeed feed;
    private final CopyOnWriteArrayList<Client> clients = new CopyOnWriteArrayList<>();
    private volatile Thread sender;
    private volatile boolean stopping;

    public EventStream(EventFeed feed) {
        this.feed = feed;
    }

    /** Streams events to {@code sink} until it closes; only {@code only}'s when given. */
    void add(SseEventSink sink, Sse sse, Optional<MacAddress> only) {
        if (stopping) {
            sink.close();
            return;
        }
        Client client = new Client(sink, sse, only);
        clients.add(client);
        deliver(client, sse.newEventBuilder().comment("provisioner boot events").build());
    }

    @Override
    public void start() {
        Thread thread = new Thread(this::run, "event-stream");
        thread.setDaemon(true);
        sender = thread;
        thread.start();
    }

    @Override
    public void lifeCycleStopping(LifeCycle server) {
        stopping = true;
        clients.forEach(client -> client.sink().close());
        clients.clear();
    }

    @Override
    public void stop() throws InterruptedException {
        Thread thread = sender;
        if (thread != null) {
            thread.interrupt();
            thread.join(KEEPALIVE.toMillis());
        }
    }

    private void run() {
        long keepalive = System.nanoTime() + KEEPALIVE.toNanos();
        try {
            while (!Thread.currentThread().isInterrupted()) {
                Optional<BootEvent> event = feed.next(Duration.ofSeconds(1));
                try {
                    event.ifPresent(this::send);
                    if (System.nanoTime() - keepalive > 0) {
                        clients.forEach(client -> deliver(client, client.sse().newEventBuilder().comment("").build()));
                        keepalive = System.nanoTime() + KEEPALIVE.toNanos();
                    }
                } catch (RuntimeException e) {
                    // one event that cannot be sent must not end the stream for everyone
                    LOG.warn("an event could not be streamed: {}", e.toString());
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void send(BootEvent event) {
        EventDocument document = EventDocument.of(event);
        for (Client client : clients) {
            if (client.only().isEmpty() || client.only().equals(event.machine().mac())) {
                deliver(client, client.sse().newEventBuilder().name("boot").mediaType(MediaType.APPLICATION_JSON_TYPE)
                        .data(EventDocument.class, document).build());
            }
        }
    }

    private void deliver(Client client, jakarta.ws.rs.sse.OutboundSseEvent event) {
        if (client.sink().isClosed()) {
            clients.remove(client);
            return;
        }
        try {
            client.sink().send(event).exceptionally(failure -> {
                clients.remove(client);
                client.sink().close();
                return null;
            });
        } catch (RuntimeException e) {
            LOG.debug("an event stream client went away: {}", e.toString());
            clients.remove(client);
            client.sink().close();
        }
    }
}

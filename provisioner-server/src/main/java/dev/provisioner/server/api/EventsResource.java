package dev.provisioner.server.api;

import dev.provisioner.server.auth.Role;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;
import java.util.Optional;

/**
 * Every boot event as it happens, as server-sent events ({@code event: boot}, the data an event document), for
 * every machine or for one ({@code ?mac=}).
 */
@Path("/api/v1/events")
@RolesAllowed(Role.READ_NAME)
public class EventsResource {

    private final EventStream stream;

    public EventsResource(EventStream stream) {
        this.stream = stream;
    }

    @GET
    @Produces(MediaType.SERVER_SENT_EVENTS)
    public void events(@Context SseEventSink sink, @Context Sse sse, @QueryParam("mac") String mac) {
        stream.add(sink, sse, mac == null ? Optional.empty() : Optional.of(MacParam.parse(mac)));
    }
}

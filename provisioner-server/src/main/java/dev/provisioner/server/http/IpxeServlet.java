package dev.provisioner.server.http;

import com.codahale.metrics.MetricRegistry;
import com.codahale.metrics.Timer;
import dev.provisioner.server.core.BootService;
import dev.provisioner.server.core.MachineIdentity;
import dev.provisioner.server.core.links.MachineLinks;
import dev.provisioner.server.core.links.ServerUrls;
import dev.provisioner.server.core.timeline.Transport;
import dev.provisioner.server.render.IpxeScripts;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;

/**
 * iPXE over HTTP, for machines (no credentials: a booting machine has none). A plain servlet rather than a
 * Jersey resource: this is the path a whole rack hits at power-on, and it needs no injection, validation or
 * content negotiation. Always answers 200 with a script: iPXE shows nothing useful for an error status, so
 * every refusal is a script that says why.
 */
public final class IpxeServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    private final transient BootService boot;
    private final transient IpxeScripts scripts;
    private final transient ServerUrls urls;
    private final transient Timer chainTimer;
    private final transient Timer machineTimer;

    public IpxeServlet(BootService boot, IpxeScripts scripts, ServerUrls urls, MetricRegistry metrics) {
        this.boot = boot;
        this.scripts = scripts;
        this.urls = urls;
        this.chainTimer = metrics.timer(MetricRegistry.name(IpxeServlet.class, "boot.ipxe"));
        this.machineTimer = metrics.timer(MetricRegistry.name(IpxeServlet.class, "ipxe"));
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        URI base = RequestBase.of(urls, request);
        String script;
        if ("/boot.ipxe".equals(request.getServletPath())) {
            try (Timer.Context ignored = chainTimer.time()) {
                script = scripts.chain(base);
            }
        } else {
            try (Timer.Context ignored = machineTimer.time()) {
                MachineIdentity who = MachineIdentity.reported(request.getParameter(MachineLinks.MAC_PARAMETER), request.getRemoteAddr())
                        .withFirmware(request.getParameter("uuid"), request.getParameter("serial"),
                                request.getParameter("arch"), request.getParameter("platform"));
                script = boot.answer(who, Transport.HTTP, base, scripts);
            }
        }
        byte[] body = script.getBytes(StandardCharsets.UTF_8);
        response.setContentType("text/plain; charset=utf-8");
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }
}

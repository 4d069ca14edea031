package dev.provisioner.server.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.provisioner.server.api.errors.ApiError;
import dev.provisioner.server.core.BootService;
import dev.provisioner.server.core.ConfigOutcome;
import dev.provisioner.server.core.MachineIdentity;
import dev.provisioner.server.core.OemFormat;
import dev.provisioner.server.core.Sha256;
import dev.provisioner.server.core.links.MachineLinks;
import dev.provisioner.server.core.links.Requested;
import dev.provisioner.server.core.links.ServerUrls;
import dev.provisioner.server.core.timeline.Transport;
import dev.provisioner.server.core.trust.Proof;
import dev.provisioner.server.oem.OemArchives;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * A machine's Ignition config, as JSON at {@code /ignition?mac=...} and packed for the PXE initrd at
 * {@code /oem/<mac>.cpio.gz} (or {@code .cpio.xz} for the Fedora CoreOS layout). A config that does not render
 * answers 503 with Retry-After, so Ignition keeps asking until the operator has fixed the template; an unknown
 * machine or a wrong name gets 404 (configs carry secrets).
 */
public final class MachineConfigServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    private final transient BootService boot;
    private final transient ServerUrls urls;
    private final transient ObjectMapper json;
    private final transient OemArchives archives;

    public MachineConfigServlet(BootService boot, ServerUrls urls, ObjectMapper json, OemArchives archives) {
        this.boot = boot;
        this.urls = urls;
        this.json = json;
        this.archives = archives;
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        URI base = RequestBase.of(urls, request);
        if (!"/oem".equals(request.getServletPath())) {
            MachineIdentity who = MachineIdentity.reported(request.getParameter(MachineLinks.MAC_PARAMETER), request.getRemoteAddr())
                    .withFirmware(request.getParameter("uuid"), request.getParameter("serial"), null, null);
            send(request, response, who, boot.ignition(who, proof(request), Transport.HTTP, base), false);
            return;
        }
        String name = MachineLinks.OEM + (request.getPathInfo() == null ? "" : request.getPathInfo().substring(1));
        Optional<Requested> requested = MachineLinks.parse(name);
        if (requested.isEmpty() || !(requested.get() instanceof Requested.OemArchive archive)) {
            error(response, 404, "no such archive: archives are named /oem/<mac>.cpio.gz (or .cpio.xz)", List.of());
            return;
        }
        MachineIdentity who = MachineIdentity.of(archive.mac(), request.getRemoteAddr())
                .withFirmware(request.getParameter("uuid"), request.getParameter("serial"), null, null);
        send(request, response, who, boot.oemArchive(who, archive.layout(), proof(request), Transport.HTTP, base), true);
    }

    private static Optional<Proof> proof(HttpServletRequest request) {
        return MachineLinks.proof(request.getParameter(MachineLinks.ATTEMPT_PARAMETER),
                request.getParameter(MachineLinks.EXPIRES_PARAMETER), request.getParameter(MachineLinks.SIGNATURE_PARAMETER));
    }

    private void send(HttpServletRequest request, HttpServletResponse response, MachineIdentity who,
                      ConfigOutcome outcome, boolean oem) throws IOException {
        if (outcome instanceof ConfigOutcome.NotRegistered) {
            error(response, 404, "no registered machine " + who.mac().map(Object::toString).orElse("(no valid MAC given)"),
                    List.of());
        } else if (outcome instanceof ConfigOutcome.Forbidden forbidden) {
            error(response, 403, "the machine's config is refused: " + forbidden.reason(), List.of());
        } else if (outcome instanceof ConfigOutcome.NoConfig) {
            error(response, 404, "the profile of machine " + who.mac().orElseThrow() + " names no config", List.of());
        } else if (outcome instanceof ConfigOutcome.WrongName wrong) {
            error(response, 404, "the machine's profile packs its config as /" + wrong.expected(), List.of());
        } else if (outcome instanceof ConfigOutcome.Broken broken) {
            response.setHeader("Retry-After", "10");
            error(response, 503, "the machine's config does not render", broken.problems().stream()
                    .map(p -> new ApiError.Detail(null, p.message(), p.file(), p.line(), p.column())).toList());
        } else {
            ConfigOutcome.Ready ready = (ConfigOutcome.Ready) outcome;
            byte[] body = oem ? archives.of(ready) : ready.ignition();
            String etag = "\"" + HexFormat.of().formatHex(Sha256.of(body)) + "\"";
            response.setHeader("ETag", etag);
            // configs carry secrets: nothing between the server and the machine may keep a copy
            response.setHeader("Cache-Control", "no-store, private");
            if (etag.equals(request.getHeader("If-None-Match"))) {
                response.setStatus(HttpServletResponse.SC_NOT_MODIFIED);
                return;
            }
            response.setContentType(!oem ? "application/json"
                    : ready.oem().layout() == OemFormat.Layout.FCOS ? "application/x-xz" : "application/gzip");
            response.setContentLength(body.length);
            response.getOutputStream().write(body);
        }
    }

    private void error(HttpServletResponse response, int status, String message, List<ApiError.Detail> details)
            throws IOException {
        JsonErrors.write(response, json, status, message, details);
    }
}

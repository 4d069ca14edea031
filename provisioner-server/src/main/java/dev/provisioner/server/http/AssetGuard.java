package dev.provisioner.server.http;

import dev.provisioner.server.core.BootService;
import dev.provisioner.server.core.MachineIdentity;
import dev.provisioner.server.core.links.MachineLinks;
import dev.provisioner.server.core.timeline.Transport;
import dev.provisioner.server.files.ConfinedFiles;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import dev.provisioner.server.core.timeline.ArtifactKind;
import dev.provisioner.server.core.timeline.Transfer;

/**
 * Stands in front of the file servlet for {@code /assets/*} and {@code /boot/*}: lets through only names that
 * {@link ConfinedFiles} finds inside the directory, and records each download made by a machine that named itself
 * ({@code ?mac=}) in its boot timeline, with its size and duration.
 */
public final class AssetGuard extends HttpFilter {

    private static final long serialVersionUID = 1L;

    private final transient ConfinedFiles assets;
    private final transient BootService boot;
    private final ArtifactKind kind;

    /** @param kind what the directory's files are to a boot: assets, or first files (UEFI HTTP boot's iPXE) */
    public AssetGuard(ConfinedFiles assets, BootService boot, ArtifactKind kind) {
        this.assets = assets;
        this.boot = boot;
        this.kind = kind;
    }

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        String path = request.getPathInfo() == null ? "" : request.getPathInfo().substring(1);
        ConfinedFiles.Lookup lookup = assets.lookup(path);
        long started = System.nanoTime();
        if (!(lookup instanceof ConfinedFiles.Lookup.Found)) {
            response.sendError(HttpServletResponse.SC_NOT_FOUND);
        } else {
            // the file servlet returns once the last byte is written: a download cut short throws, and is not recorded
            chain.doFilter(request, response);
        }
        MachineIdentity who = MachineIdentity.reported(request.getParameter(MachineLinks.MAC_PARAMETER), request.getRemoteAddr());
        if (who.mac().isPresent() && "GET".equals(request.getMethod()) && !(lookup instanceof ConfinedFiles.Lookup.Refused)) {
            boolean found = lookup instanceof ConfinedFiles.Lookup.Found;
            boot.fileServed(who, kind, Transport.HTTP, path, found, found ? Optional.of(new Transfer(
                    sent(response), Duration.ofNanos(System.nanoTime() - started))) : Optional.empty());
        }
    }

    /** What the file servlet sent: its Content-Length (of the range, for a range request); 0 for a 304. */
    private static long sent(HttpServletResponse response) {
        String length = response.getHeader("Content-Length");
        try {
            return length == null ? 0 : Math.max(0, Long.parseLong(length));
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}

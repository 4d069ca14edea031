package dev.provisioner.server.core.links;

import dev.provisioner.server.core.MacAddress;
import dev.provisioner.server.core.OemFormat;
import dev.provisioner.server.core.trust.Proof;
import java.net.URI;
import java.util.Arrays;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Builds and parses every per-machine name and URL, for HTTP and TFTP alike, so no transport spells or splits one
 * itself. Names are relative to the server's root: {@code oem/52-54-00-12-34-56.cpio.gz}, the TFTP name of an
 * asset or a first file {@code flatcar/vmlinuz?mac=52-54-00-12-34-56}, {@code pxelinux.cfg/01-52-54-00-12-34-56}.
 */
public final class MachineLinks {

    public static final String ASSETS = "assets/";
    public static final String OEM = "oem/";
    /** Where the files of {@code tftpboot/} are served over HTTP. */
    public static final String FIRST_FILES = "boot/";
    /** The query parameter by which a machine names itself in every URL the server writes for it. */
    public static final String MAC_PARAMETER = "mac";
    /** The query parameters of a URL signed for a boot attempt. */
    public static final String ATTEMPT_PARAMETER = "attempt";
    public static final String EXPIRES_PARAMETER = "expires";
    public static final String SIGNATURE_PARAMETER = "sig";
    private static final String MAC_QUERY = "?" + MAC_PARAMETER + "=";

    private static final String MAC = "([0-9A-Fa-f]{2}(?:-[0-9A-Fa-f]{2}){5})";
    private static final Pattern PXELINUX = Pattern.compile("pxelinux\\.cfg/01-" + MAC);
    /** Any spelling MacAddress reads, as for {@code ?mac=}: these names are typed by people too. */
    private static final Pattern OEM_NAME = Pattern.compile("oem/([0-9A-Fa-f:.-]{12,17})(\\.cpio\\.[a-z]+)"
            + "(?:\\?attempt=([A-Za-z0-9_-]{1,64})&expires=([0-9]{1,19})&sig=([A-Za-z0-9_-]{1,128}))?");
    private static final Pattern ASSET = Pattern.compile("([^?]+)\\?mac=" + MAC);

    private MachineLinks() {
    }

    /** A file under {@code assets/}, as the machine will fetch it; without a MAC for a config any machine reads. */
    public static AssetLink asset(String path, Optional<MacAddress> mac, URI base) {
        String name = path.substring(path.lastIndexOf('/') + 1);
        String query = mac.map(m -> MAC_QUERY + m.hyphenated()).orElse("");
        return new AssetLink(name, base.resolve(ASSETS + path + query), path + query);
    }

    /**
     * A firmware's first file over HTTP (UEFI HTTP boot), from the same directory TFTP serves; named for the machine
     * so that its download lands in the machine's timeline (firmware takes the type from the path, not the query).
     */
    public static URI firstFile(String name, Optional<MacAddress> mac, URI base) {
        return base.resolve(FIRST_FILES + mac.map(m -> firstFileName(name, m)).orElse(name));
    }

    /**
     * A firmware's first file over TFTP, named for the machine as assets are ({@code undionly.kpxe?mac=...}): the
     * firmware's request names no machine, and this name lands its transfer in the machine's timeline. Firmware sends
     * the name as it got it; the file is {@code tftpboot/undionly.kpxe}.
     */
    public static String firstFileName(String name, MacAddress mac) {
        return name + MAC_QUERY + mac.hyphenated();
    }

    /** The machine's config packed for the initrd; the suffix says the layout, the query the attempt it is for. */
    public static AssetLink oemArchive(MacAddress mac, OemFormat.Layout layout, URI base, Optional<Proof> proof) {
        String name = OEM + mac.hyphenated() + layout.suffix() + proof.map(p -> "?" + query(p)).orElse("");
        return new AssetLink("oem" + layout.suffix(), base.resolve(name), name);
    }

    /** The name of the machine's archive, as a message may show it. */
    public static String oemArchiveName(MacAddress mac, OemFormat.Layout layout) {
        return OEM + mac.hyphenated() + layout.suffix();
    }

    private static String query(Proof proof) {
        return ATTEMPT_PARAMETER + "=" + proof.attempt() + "&" + EXPIRES_PARAMETER + "=" + proof.expires() + "&"
                + SIGNATURE_PARAMETER + "=" + proof.signature();
    }

    /** A signed URL's proof from its query parameters, when all three are there. */
    public static Optional<Proof> proof(String attempt, String expires, String signature) {
        return attempt == null || expires == null || signature == null ? Optional.empty()
                : Optional.of(new Proof(attempt, expires, signature));
    }

    /** Reads a name back; empty for a name that is not a per-machine one (a plain file, or a malformed name). */
    public static Optional<Requested> parse(String name) {
        Matcher pxelinux = PXELINUX.matcher(name);
        if (pxelinux.matches()) {
            return MacAddress.parse(pxelinux.group(1)).map(Requested.PxelinuxConfig::new);
        }
        Matcher oem = OEM_NAME.matcher(name);
        if (oem.matches()) {
            Optional<OemFormat.Layout> layout = Arrays.stream(OemFormat.Layout.values())
                    .filter(l -> l.suffix().equals(oem.group(2))).findFirst();
            Optional<Proof> proof = proof(oem.group(3), oem.group(4), oem.group(5));
            return layout.flatMap(l -> MacAddress.parse(oem.group(1)).map(mac -> new Requested.OemArchive(mac, l, proof)));
        }
        Matcher asset = ASSET.matcher(name);
        if (asset.matches()) {
            return Optional.of(new Requested.Asset(asset.group(1), MacAddress.parse(asset.group(2))));
        }
        return Optional.empty();
    }
}

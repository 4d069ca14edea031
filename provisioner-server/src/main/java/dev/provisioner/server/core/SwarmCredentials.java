package dev.provisioner.server.core;

import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What a machine needs to join the swarm: the worker join token and the addresses of the managers. There is no
 * manager token here: every machine joins as a worker and managers are promoted once verified, so that token never
 * needs to leave the swarm. Tokens are secrets: {@link #toString()} leaves them out, and every check reports a bad
 * token without quoting it.
 */
public final class SwarmCredentials {

    /** Docker's format; anything else would also be unsafe inside the shell line of the join unit. */
    private static final Pattern TOKEN = Pattern.compile("SWMTKN-1-[0-9a-z]{20,100}-[0-9a-z]{20,100}");
    private static final Pattern ADDRESS = Pattern.compile(
            "([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*"
                    + "|\\[[0-9A-Fa-f:.]+\\]):([0-9]{1,5})");

    private final Optional<String> workerToken;
    private final List<String> managers;

    /** @throws IllegalArgumentException naming what is wrong (never quoting a token) */
    public SwarmCredentials(Optional<String> workerToken, List<String> managers, String origin) {
        this.workerToken = checkedToken(workerToken, origin + " worker token");
        this.managers = List.copyOf(managers);
        for (String manager : this.managers) {
            checkAddress(manager, origin);
        }
    }

    public Optional<String> workerToken() {
        return workerToken;
    }

    public List<String> managers() {
        return managers;
    }

    /** Tells tokens apart (did the rotation arrive?) without showing them: the start of their SHA-256. */
    public Optional<String> fingerprint() {
        return workerToken.map(t -> "sha256:" + HexFormat.of().formatHex(Sha256.of(t), 0, 8));
    }

    /** A manager address is {@code host:port}, the host a DNS name, an IPv4 address or an IPv6 one in brackets. */
    public static void checkAddress(String address, String origin) {
        var m = ADDRESS.matcher(address);
        if (!m.matches() || Integer.parseInt(m.group(5)) < 1 || Integer.parseInt(m.group(5)) > 65535) {
            throw new IllegalArgumentException(origin + " manager address '" + address
                    + "' is not host:port (for example 10.0.0.1:2377)");
        }
    }

    private static Optional<String> checkedToken(Optional<String> token, String what) {
        if (token.isPresent() && !TOKEN.matcher(token.get()).matches()) {
            throw new IllegalArgumentException(what + " is not a swarm join token (SWMTKN-1-<digest>-<secret>; "
                    + token.get().length() + " characters given)");
        }
        return token;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SwarmCredentials other && workerToken.equals(other.workerToken)
                && managers.equals(other.managers);
    }

    @Override
    public int hashCode() {
        return Objects.hash(workerToken, managers);
    }

    @Override
    public String toString() {
        return "SwarmCredentials[managers=" + managers + ", token hidden]";
    }
}

package dev.provisioner.server.dhcp;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.codahale.metrics.MetricRegistry;
import dev.provisioner.server.Settings;
import dev.provisioner.server.core.BootService;
import dev.provisioner.server.core.links.ServerUrls;
import io.dropwizard.lifecycle.Managed;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The {@code dhcp:} section. Off by default; {@code proxy} answers PXE and HTTP-boot clients beside the network's
 * own DHCP server; {@code reservation} is the only DHCP server of an isolated network and gives registered machines
 * the address in their record. Every complaint names the setting.
 */
public class DhcpConfiguration {

    private String mode = "off";
    private String bind = "0.0.0.0";
    private String address;
    private int port = 67;
    private int pxePort = 4011;
    private String answer = "registered";
    private String armBinary;
    /** Answers per MAC per 10 s; 0: no limit. */
    private int perMacLimit = 20;
    private String netmask;
    private String router;
    private String dns;
    private io.dropwizard.util.Duration leaseTime = io.dropwizard.util.Duration.hours(1);

    @JsonProperty
    public void setMode(String mode) {
        this.mode = Optional.ofNullable(Settings.blankToNull(mode)).orElse("off").strip();
    }

    @JsonProperty
    public void setBind(String bind) {
        this.bind = Optional.ofNullable(Settings.blankToNull(bind)).orElse("0.0.0.0").strip();
    }

    @JsonProperty
    public void setAddress(String address) {
        this.address = Settings.blankToNull(address);
    }

    @JsonProperty
    public void setPort(int port) {
        this.port = port;
    }

    @JsonProperty
    public void setPxePort(int pxePort) {
        this.pxePort = pxePort;
    }

    @JsonProperty
    public void setAnswer(String answer) {
        this.answer = Optional.ofNullable(Settings.blankToNull(answer)).orElse("registered").strip();
    }

    @JsonProperty
    public void setPerMacLimit(int perMacLimit) {
        this.perMacLimit = perMacLimit;
    }

    @JsonProperty
    public void setNetmask(String netmask) {
        this.netmask = Settings.blankToNull(netmask);
    }

    @JsonProperty
    public void setRouter(String router) {
        this.router = Settings.blankToNull(router);
    }

    /** Comma- or space-separated. */
    @JsonProperty
    public void setDns(String dns) {
        this.dns = Settings.blankToNull(dns);
    }

    @JsonProperty
    public void setLeaseTime(io.dropwizard.util.Duration leaseTime) {
        this.leaseTime = leaseTime;
    }

    @JsonProperty
    public void setArmBinary(String armBinary) {
        this.armBinary = Settings.blankToNull(armBinary);
    }

    /**
     * The DHCP server, or empty when it is off.
     *
     * @throws IllegalArgumentException for a setting that cannot work, naming it
     */
    public Optional<Managed> build(BootService boot, ServerUrls urls, MetricRegistry metrics) {
        if (mode.equals("off")) {
            return Optional.empty();
        }
        if (!mode.equals("proxy") && !mode.equals("reservation")) {
            throw new IllegalArgumentException("PROVISIONER_DHCP_MODE is off, proxy or reservation, not '" + mode + "'");
        }
        if (!answer.equals("registered") && !answer.equals("any")) {
            throw new IllegalArgumentException("PROVISIONER_DHCP_ANSWER is registered or any, not '" + answer + "'");
        }
        Inet4Address bound = ipv4(bind, "PROVISIONER_BIND");
        Inet4Address server = address == null ? bound : ipv4(address, "PROVISIONER_DHCP_ADDRESS");
        if (server.isAnyLocalAddress()) {
            throw new IllegalArgumentException("ProxyDHCP tells machines this server's address: set PROVISIONER_BIND to "
                    + "the provisioning interface's address, or PROVISIONER_DHCP_ADDRESS");
        }
        DhcpResponder responder;
        if (mode.equals("proxy")) {
            responder = new ProxyResponder(boot, server, urls.forAddress(server), Optional.ofNullable(armBinary),
                    answer.equals("any"), port);
        } else {
            if (netmask == null) {
                throw new IllegalArgumentException("reservation mode hands out addresses: set PROVISIONER_DHCP_NETMASK "
                        + "(and PROVISIONER_DHCP_ROUTER, PROVISIONER_DHCP_DNS if the machines need them)");
            }
            List<Inet4Address> servers = dns == null ? List.of() : Arrays.stream(dns.split("[,\\s]+"))
                    .filter(d -> !d.isEmpty()).map(d -> ipv4(d, "PROVISIONER_DHCP_DNS")).toList();
            if (leaseTime.toSeconds() < 60 || leaseTime.toSeconds() > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("PROVISIONER_DHCP_LEASE_TIME must be a minute or more");
            }
            responder = new ReservationResponder(boot, server, urls.forAddress(server),
                    ipv4(netmask, "PROVISIONER_DHCP_NETMASK"),
                    Optional.ofNullable(router).map(r -> ipv4(r, "PROVISIONER_DHCP_ROUTER")), servers,
                    leaseTime.toJavaDuration(), Optional.ofNullable(armBinary), port);
        }
        for (int value : new int[] {port, pxePort}) {
            if (value < 1 || value > 65535) {
                throw new IllegalArgumentException("PROVISIONER_DHCP_PORT and _PXE_PORT are ports (1 to 65535), not " + value);
            }
        }
        if (port == pxePort) {
            throw new IllegalArgumentException("PROVISIONER_DHCP_PORT and PROVISIONER_DHCP_PXE_PORT must differ ("
                    + port + "): DISCOVERs and port-4011 REQUESTs are answered differently");
        }
        if (perMacLimit < 0) {
            throw new IllegalArgumentException("PROVISIONER_DHCP_PER_MAC_LIMIT is a number of answers, 0 for no limit");
        }
        return Optional.of(new DhcpServer(responder, bound, port, pxePort, perMacLimit, metrics));
    }

    private static Inet4Address ipv4(String text, String setting) {
        // a literal only: a name would be looked up, and DHCP is IPv4
        if (!text.matches("((25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)\\.){3}(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)")) {
            throw new IllegalArgumentException(setting + " must be an IPv4 address for DHCP, not '" + text + "'");
        }
        try {
            return (Inet4Address) InetAddress.getByName(text);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(setting + " '" + text + "' is not an IPv4 address");
        }
    }
}

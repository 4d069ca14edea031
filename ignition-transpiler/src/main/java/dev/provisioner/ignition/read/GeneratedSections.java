package dev.provisioner.ignition.read;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.provisioner.ignition.model.Contents;
import dev.provisioner.ignition.model.DataUrls;
import dev.provisioner.ignition.model.Dropin;
import dev.provisioner.ignition.model.File;
import dev.provisioner.ignition.model.FsNode;
import dev.provisioner.ignition.model.Owner;
import dev.provisioner.ignition.model.Unit;
import dev.provisioner.ignition.yaml.YamlValue;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Container Linux Config sections that {@code ct} turns into units and files: docker, etcd, flannel, update
 * and locksmith. Names, contents and option order are ct's, so that machines configured by either tool agree.
 */
final class GeneratedSections {

    private static final OptionTable ETCD_3_0 = OptionTable.of("name:s", "data_dir:s", "wal_dir:s", "snapshot_count:i",
            "heartbeat_interval:i", "election_timeout:i", "enable_pprof:b", "listen_peer_urls:s", "listen_client_urls:s",
            "max_snapshots:i", "max_wals:i", "cors:s", "initial_advertise_peer_urls:s", "initial_cluster:s",
            "initial_cluster_state:s", "initial_cluster_token:s", "advertise_client_urls:s", "discovery:s",
            "discovery_srv:s", "discovery_fallback:s", "discovery_proxy:s", "strict_reconfig_check:b",
            "auto_compaction_retention:i", "proxy:s", "proxy_failure_wait:i", "proxy_refresh_interval:i",
            "proxy_dial_timeout:i", "proxy_write_timeout:i", "proxy_read_timeout:i", "ca_file:s", "cert_file:s",
            "key_file:s", "client_cert_auth:b", "trusted_ca_file:s", "auto_tls:b", "peer_ca_file:s", "peer_cert_file:s",
            "peer_key_file:s", "peer_client_cert_auth:b", "peer_trusted_ca_file:s", "peer_auto_tls:b", "debug:b",
            "log_package_levels:s", "force_new_cluster:b");
    private static final OptionTable ETCD_3_1 = ETCD_3_0.plus("metrics:s", "log_output:s");
    private static final OptionTable ETCD_2 = OptionTable.of("advertise_client_urls:s", "ca_file:s", "cert_file:s",
            "client_cert_auth:b", "cors:s", "data_dir:s", "debug:b", "discovery:s", "discovery_fallback:s",
            "discovery_srv:s", "discovery_proxy:s", "election_timeout:i", "enable_pprof:b", "force_new_cluster:b",
            "heartbeat_interval:i", "initial_advertise_peer_urls:s", "initial_cluster:s", "initial_cluster_state:s",
            "initial_cluster_token:s", "key_file:s", "listen_client_urls:s", "listen_peer_urls:s",
            "log_package_levels:s", "max_snapshots:i", "max_wals:i", "name:s", "peer_ca_file:s", "peer_cert_file:s",
            "peer_key_file:s", "peer_client_cert_auth:b", "peer_trusted_ca_file:s", "proxy:s", "proxy_dial_timeout:i",
            "proxy_failure_wait:i", "proxy_read_timeout:i", "proxy_refresh_interval:i", "proxy_write_timeout:i",
            "snapshot_count:i", "strict_reconfig_check:b", "trusted_ca_file:s", "wal_dir:s");
    private static final OptionTable FLANNEL_0_5 = OptionTable.of("etcd_endpoints:s", "etcd_cafile:s", "etcd_certfile:s",
            "etcd_keyfile:s", "etcd_prefix:s", "ip_masq:s", "subnet_file:s", "interface:iface:s", "public_ip:s");
    private static final OptionTable FLANNEL_0_6 = OptionTable.of("etcd_username:s", "etcd_password:s",
            "etcd_endpoints:s", "etcd_cafile:s", "etcd_certfile:s", "etcd_keyfile:s", "etcd_prefix:s", "ip_masq:s",
            "subnet_file:s", "interface:iface:s", "public_ip:s");
    private static final OptionTable FLANNEL_0_7 = FLANNEL_0_6.plus("kube_subnet_mgr:b");
    private static final OptionTable LOCKSMITH = OptionTable.of("reboot_strategy:REBOOT_STRATEGY:s",
            "window_start:LOCKSMITHD_REBOOT_WINDOW_START:s", "window_length:LOCKSMITHD_REBOOT_WINDOW_LENGTH:s",
            "group:LOCKSMITHD_GROUP:s", "etcd_endpoints:LOCKSMITHD_ENDPOINT:s", "etcd_cafile:LOCKSMITHD_ETCD_CAFILE:s",
            "etcd_certfile:LOCKSMITHD_ETCD_CERTFILE:s", "etcd_keyfile:LOCKSMITHD_ETCD_KEYFILE:s");
    private static final Pattern VERSION = Pattern.compile("v?(\\d+)\\.(\\d+)\\.(\\d+)([-+][0-9A-Za-z.+-]*)?");
    private static final Pattern TEMPLATING = Pattern.compile("\\{(HOSTNAME|PRIVATE_IPV4|PUBLIC_IPV4|PRIVATE_IPV6|PUBLIC_IPV6)}");
    private static final Pattern WINDOW_START = Pattern.compile("(?i)((sun|mon|tue|wed|thu|fri|sat) )?([01]?\\d|2[0-3]):[0-5]\\d");
    private static final Pattern GO_DURATION = Pattern.compile("(\\d+(\\.\\d+)?(ns|us|µs|ms|s|m|h))+");

    private final List<Unit> units = new ArrayList<>();
    private final List<File> files = new ArrayList<>();

    List<Unit> units() {
        return units;
    }

    List<File> files() {
        return files;
    }

    void docker(YamlValue section) {
        section.mapping(Set.of("flags")).ifPresent(docker -> {
            List<String> flags = new ArrayList<>();
            Optional.ofNullable(docker.get("flags")).filter(v -> !v.isNull()).flatMap(YamlValue::sequence)
                    .ifPresent(items -> items.forEach(item -> item.string().ifPresent(flags::add)));
            units.add(generatedUnit("docker.service", "20-clct-docker.conf",
                    "[Service]\nEnvironment=\"DOCKER_OPTS=" + String.join(" ", flags) + "\""));
        });
    }

    void etcd(YamlValue section) {
        Set<String> keys = new HashSet<>(ETCD_3_1.keys());
        keys.addAll(ETCD_2.keys());
        keys.add("version");
        section.mapping(keys).ifPresent(etcd -> {
            Optional<int[]> version = version(etcd.get("version"));
            int[] effective = version.orElse(new int[] {3, 0, 0});
            OptionTable table;
            if (effective[0] == 2 && effective[1] >= 3) {
                table = ETCD_2;
            } else if (effective[0] == 3 && effective[1] == 0) {
                table = ETCD_3_0;
            } else if (effective[0] == 3) {
                table = ETCD_3_1;
            } else {
                etcd.get("version").error("etcd " + versionText(effective) + " is not supported: use 2.3.0 up to 3.x");
                return;
            }
            if ((effective[0] == 2 && effective[1] > 3) || (effective[0] == 3 && effective[1] > 1)) {
                etcd.get("version").warning("etcd " + versionText(effective) + " is newer than the options known here; "
                        + "only the options of the previous minor version are accepted");
            }
            rejectUnknownFor(etcd, table, "etcd " + versionText(effective));
            if (noTemplating(table, etcd)) {
                List<String> vars = version.map(v -> List.of("ETCD_IMAGE_TAG=v" + etcd.get("version").string().orElse("")
                        .replaceFirst("^v", ""))).orElse(List.of());
                units.add(generatedUnit("etcd-member.service", "20-clct-etcd-member.conf",
                        assembleUnit("/usr/lib/coreos/etcd-wrapper $ETCD_OPTS", table.format(etcd, "--%s=%s"), vars)));
            }
        });
    }

    void flannel(YamlValue section) {
        Set<String> keys = new HashSet<>(FLANNEL_0_7.keys());
        keys.addAll(Set.of("version", "network_config"));
        section.mapping(keys).ifPresent(flannel -> {
            Optional<int[]> version = version(flannel.get("version"));
            int[] effective = version.orElse(new int[] {0, 6, 0});
            if (effective[0] != 0 || effective[1] < 5) {
                flannel.get("version").error("flannel " + versionText(effective) + " is not supported: use 0.5.0 or later 0.x");
                return;
            }
            if (effective[1] > 7) {
                flannel.get("version").warning("flannel " + versionText(effective) + " is newer than the options known "
                        + "here; only the options of 0.7 are accepted");
            }
            OptionTable table = effective[1] >= 7 ? FLANNEL_0_7 : effective[1] == 6 ? FLANNEL_0_6 : FLANNEL_0_5;
            rejectUnknownFor(flannel, table, "flannel " + versionText(effective));
            Optional<String> networkConfig = Optional.ofNullable(flannel.get("network_config")).filter(v -> !v.isNull())
                    .flatMap(YamlValue::string);
            if (networkConfig.isPresent() && !isJson(networkConfig.get())) {
                flannel.get("network_config").error("the flannel network config is not valid JSON");
                return;
            }
            boolean kubeSubnetManager = Optional.ofNullable(flannel.get("kube_subnet_mgr")).filter(v -> !v.isNull())
                    .flatMap(YamlValue::bool).orElse(false);
            if (kubeSubnetManager && networkConfig.isPresent()) {
                flannel.get("network_config").error("a network config cannot be given when kube_subnet_mgr is set");
                return;
            }
            if (!noTemplating(table, flannel)) {
                return;
            }
            List<String> vars = version.map(v -> List.of("FLANNEL_IMAGE_TAG=v" + flannel.get("version").string()
                    .orElse("").replaceFirst("^v", ""))).orElse(List.of());
            String contents = assembleUnit("/usr/lib/coreos/flannel-wrapper $FLANNEL_OPTS",
                    table.format(flannel, "--%s=%s"), vars);
            if (networkConfig.isPresent()) {
                StringBuilder pre = new StringBuilder("ExecStartPre=/usr/bin/etcdctl");
                for (String[] option : new String[][] {{"etcd_endpoints", "endpoints"}, {"etcd_cafile", "ca-file"},
                        {"etcd_certfile", "cert-file"}, {"etcd_keyfile", "key-file"}}) {
                    // written when given, even empty: ct's options are pointers
                    Optional.ofNullable(flannel.get(option[0])).filter(v -> !v.isNull()).flatMap(YamlValue::string)
                            .ifPresent(value -> pre.append(" --").append(option[1]).append('=').append(GoQuote.quote(value)));
                }
                pre.append(" set /coreos.com/network/config ").append(GoQuote.quote(networkConfig.get()));
                contents += "\n" + pre;
            }
            units.add(generatedUnit("flanneld.service", "20-clct-flannel.conf", contents));
        });
    }

    /** {@code /etc/coreos/update.conf}, written as ct writes it (including its leading newline without 'update'). */
    void updateAndLocksmith(Optional<YamlValue> updateSection, Optional<YamlValue> locksmithSection) {
        StringBuilder contents = new StringBuilder();
        updateSection.flatMap(u -> u.mapping(Set.of("group", "server"))).ifPresent(update -> {
            Optional<String> group = Optional.ofNullable(update.get("group")).filter(v -> !v.isNull()).flatMap(YamlValue::string);
            Optional<String> server = Optional.ofNullable(update.get("server")).filter(v -> !v.isNull()).flatMap(YamlValue::string);
            if (group.isPresent() && server.isEmpty()
                    && !Set.of("stable", "beta", "alpha", "lts").contains(group.get().toLowerCase(Locale.ROOT))) {
                update.get("group").warning("unknown update group '" + group.get() + "' (stable, beta, alpha, lts) and no server");
            }
            group.filter(g -> !g.isEmpty()).ifPresent(g -> contents.append("GROUP=").append(g.toLowerCase(Locale.ROOT)));
            server.filter(s -> !s.isEmpty()).ifPresent(s -> contents.append("\nSERVER=").append(s));
        });
        locksmithSection.flatMap(l -> l.mapping(LOCKSMITH.keys())).ifPresent(locksmith -> {
            if (validLocksmith(locksmith)) {
                List<String> lines = LOCKSMITH.format(locksmith, "%s=%s");
                if (!lines.isEmpty()) {
                    contents.append('\n').append(String.join("\n", lines));
                }
            }
        });
        if (!contents.isEmpty()) {
            files.add(new File(new FsNode("root", "/", "/etc/coreos/update.conf", null, Owner.NONE, Owner.NONE), 0644,
                    new Contents(DataUrls.of(contents.toString().getBytes(StandardCharsets.UTF_8)), null, null), List.of()));
        }
    }

    private static boolean validLocksmith(Map<String, YamlValue> locksmith) {
        boolean valid = true;
        Optional<String> strategy = text(locksmith, "reboot_strategy");
        if (strategy.isPresent() && !Set.of("reboot", "etcd-lock", "off").contains(strategy.get().toLowerCase(Locale.ROOT))) {
            locksmith.get("reboot_strategy").error("unknown reboot strategy '" + strategy.get() + "' (reboot, etcd-lock, off)");
            valid = false;
        }
        Optional<String> start = text(locksmith, "window_start");
        Optional<String> length = text(locksmith, "window_length");
        if (start.isPresent() != length.isPresent()) {
            locksmith.get(start.isPresent() ? "window_start" : "window_length")
                    .error("window_start and window_length must both be given");
            valid = false;
        }
        if (start.isPresent() && !WINDOW_START.matcher(start.get()).matches()) {
            locksmith.get("window_start").error("'" + start.get() + "' is not a window start such as 'Thu 04:00' or '04:00'");
            valid = false;
        }
        if (length.isPresent() && !GO_DURATION.matcher(length.get()).matches()) {
            locksmith.get("window_length").error("'" + length.get() + "' is not a duration such as '1h30m'");
            valid = false;
        }
        return valid;
    }

    private static Optional<String> text(Map<String, YamlValue> map, String key) {
        return Optional.ofNullable(map.get(key)).filter(v -> !v.isNull()).flatMap(YamlValue::string).filter(s -> !s.isEmpty());
    }

    /** ct's templating ({PRIVATE_IPV4}...) needs a cloud platform's metadata, which a PXE-booted machine has not. */
    private static boolean noTemplating(OptionTable table, Map<String, YamlValue> section) {
        boolean none = true;
        for (YamlValue value : table.strings(section).values()) {
            if (value.isNull()) {
                continue;
            }
            Optional<String> text = value.string();
            Matcher matcher = TEMPLATING.matcher(text.orElse(""));
            if (matcher.find()) {
                value.error("{" + matcher.group(1) + "} needs a cloud platform's metadata, which this tool does not "
                        + "support; use the machine's own values (the server's templates can fill them in)");
                none = false;
            }
        }
        return none;
    }

    private static void rejectUnknownFor(Map<String, YamlValue> section, OptionTable table, String what) {
        Set<String> known = new HashSet<>(table.keys());
        known.addAll(Set.of("version", "network_config"));
        section.forEach((key, value) -> {
            if (!known.contains(key)) {
                value.error("'" + key + "' is not an option of " + what);
            }
        });
    }

    private static Optional<int[]> version(YamlValue value) {
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        Optional<String> text = value.string();
        Matcher matcher = VERSION.matcher(text.orElse(""));
        if (!matcher.matches()) {
            value.error("'" + text.orElse("") + "' is not a version such as 3.3.10");
            return Optional.empty();
        }
        return Optional.of(new int[] {Integer.parseInt(matcher.group(1)), Integer.parseInt(matcher.group(2)),
                Integer.parseInt(matcher.group(3))});
    }

    private static String versionText(int[] version) {
        return version[0] + "." + version[1] + "." + version[2];
    }

    private static boolean isJson(String text) {
        try {
            new ObjectMapper().readTree(text);
            return true;
        } catch (JsonProcessingException e) {
            return false;
        }
    }

    /** The drop-in body ct writes: environment lines, a reset ExecStart, then the wrapper with one flag a line. */
    private static String assembleUnit(String exec, List<String> args, List<String> vars) {
        StringBuilder out = new StringBuilder("[Service]\n");
        vars.forEach(v -> out.append("Environment=\"").append(v).append("\"\n"));
        StringBuilder command = new StringBuilder(exec);
        args.forEach(a -> command.append(" \\\n  ").append(a));
        return out.append("ExecStart=\n").append("ExecStart=").append(command).toString();
    }

    private static Unit generatedUnit(String name, String dropin, String contents) {
        // ct enables what its sections generate with Ignition 2.x's 'enable'
        return new Unit(name, null, null, null, List.of(new Dropin(dropin, contents)), true);
    }
}

package dev.provisioner.server.core;

import dev.provisioner.server.core.timeline.Transport;
import dev.provisioner.server.core.timeline.Timeline;
import dev.provisioner.server.core.timeline.Outcome;
import dev.provisioner.server.core.timeline.BootEvent;
import dev.provisioner.server.core.timeline.ArtifactKind;
import dev.provisioner.server.core.audit.AuditEntry;
import dev.provisioner.server.core.audit.AuditLog;
import dev.provisioner.server.core.trust.Attempts;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.TreeMap;
import java.util.function.UnaryOperator;

/**
 * Registering, replacing, changing and deleting machines, with the machine rules applied to every write and every
 * write in the audit log under the name of whoever made it. The API maps HTTP onto this; discovery's adoption and
 * the UI call the same methods, so no path can skip a rule or the log. Writes are serialized here, since a rule (a
 * unique hostname) spans machines.
 */
public final class Inventory {

    private final MachineStore machines;
    private final MachineRules rules;
    private final Attempts attempts;
    private final AuditLog audit;
    private final Timeline timeline;
    private final Clock clock;

    /** @param timeline where a change of a machine's state becomes an event, whoever made it */
    public Inventory(MachineStore machines, ProfileCatalog profiles, Attempts attempts, AuditLog audit,
                     Timeline timeline, Clock clock) {
        this.machines = machines;
        this.rules = new MachineRules(id -> profiles.get(id).isPresent());
        this.attempts = attempts;
        this.audit = audit;
        this.timeline = timeline;
        this.clock = clock;
    }

    public Optional<Machine> get(MacAddress mac) {
        return machines.get(mac);
    }

    /** Ordered by MAC. */
    public List<Machine> list() {
        return machines.list();
    }

    /** @throws MachineExistsException when the MAC is taken */
    public synchronized Machine register(String actor, Machine machine) {
        check(machine);
        machines.create(machine);
        audited(actor, "register", machine.mac(), Optional.empty(), Optional.of(machine));
        return machine;
    }

    /** Returns true when the machine was new. */
    public synchronized boolean replace(String actor, Machine machine) {
        check(machine);
        Optional<Machine> before = machines.get(machine.mac());
        boolean created = machines.put(machine);
        audited(actor, "replace", machine.mac(), before, Optional.of(machine));
        return created;
    }

    /**
     * Applies {@code change} to the stored machine, atomically with respect to other writes; the result must follow
     * the rules and keep its MAC.
     *
     * @throws MachineNotFoundException when there is no such machine
     */
    public synchronized Machine change(String actor, MacAddress mac, UnaryOperator<Machine> change) {
        Optional<Machine> before = machines.get(mac);
        Machine changed = machines.update(mac, current -> {
            Machine next = change.apply(current);
            if (!next.mac().equals(mac)) {
                throw new InvalidMachineException(List.of(new Violation("mac", "cannot be changed; register the new MAC")));
            }
            check(next);
            return next;
        }).orElseThrow(() -> new MachineNotFoundException(mac));
        audited(actor, "change", mac, before, Optional.of(changed));
        return changed;
    }

    /**
     * The server's own change of a machine's state, made only if it is still {@code from}: false when it was not (an
     * operator changed it meanwhile) or the machine is gone. {@code why} goes into the event.
     */
    public synchronized boolean changeState(String actor, MacAddress mac, MachineState from, MachineState to, String why) {
        Optional<Machine> before = machines.get(mac);
        if (before.isEmpty() || before.get().lifecycle() != from) {
            return false;
        }
        // only the state changes, to a valid one: a machine whose profile no longer loads must still be stopped
        Machine changed = before.get().withState(to);
        machines.put(changed);
        audit.record(new AuditEntry(clock.instant(), actor, "change", mac.value(), before.map(Inventory::fingerprint),
                Optional.of(fingerprint(changed))));
        stateEvent(actor, mac, from, to, why);
        return true;
    }

    /** @throws MachineNotFoundException when there is no such machine */
    public synchronized void delete(String actor, MacAddress mac) {
        Optional<Machine> before = machines.get(mac);
        if (!machines.delete(mac)) {
            throw new MachineNotFoundException(mac);
        }
        audited(actor, "delete", mac, before, Optional.empty());
    }

    /**
     * Ends the machine's boot attempt, after an operator has looked into a conflict: the next attempt may come from any
     * address. Returns whether one was live.
     *
     * @throws MachineNotFoundException when there is no such machine
     */
    public synchronized boolean clearAttempt(String actor, MacAddress mac) {
        return onBoot(actor, "clear-attempt", mac, attempts::clear);
    }

    /**
     * Arms the machine for one boot within the attempt lifetime: a profile with {@code enroll: armed} hands out an
     * enrollment only then. Returns until when.
     *
     * @throws MachineNotFoundException when there is no such machine
     */
    public synchronized Instant arm(String actor, MacAddress mac) {
        return onBoot(actor, "arm", mac, attempts::arm);
    }

    /** An operator's action on a registered machine's boot, not on its document: audited with no fingerprints. */
    private <T> T onBoot(String actor, String action, MacAddress mac, Function<MacAddress, T> act) {
        if (machines.get(mac).isEmpty()) {
            throw new MachineNotFoundException(mac);
        }
        T result = act.apply(mac);
        audit.record(new AuditEntry(clock.instant(), actor, action, mac.value(), Optional.empty(), Optional.empty()));
        return result;
    }

    /**
     * The rules, a hostname no other machine has (a swarm knows its nodes by hostname, so two machines of one name
     * could not be told apart there, and the reconciler would take one's node for the other's), and an address no
     * other machine has.
     */
    private void check(Machine machine) {
        List<Violation> violations = new ArrayList<>();
        try {
            rules.check(machine);
        } catch (InvalidMachineException e) {
            violations.addAll(e.violations());
        }
        if (machine.hostname() != null) {
            machines.list().stream()
                    .filter(other -> !other.mac().equals(machine.mac()) && machine.hostname().equalsIgnoreCase(other.hostname()))
                    .findFirst()
                    .ifPresent(other -> violations.add(new Violation("hostname", "already the hostname of machine " + other.mac())));
        }
        // DHCP reservation mode gives each its address: one address, one machine
        if (machine.ipv4() != null) {
            machines.list().stream()
                    .filter(other -> !other.mac().equals(machine.mac()) && machine.ipv4().equals(other.ipv4()))
                    .findFirst()
                    .ifPresent(other -> violations.add(new Violation("ipv4", "already the address of machine " + other.mac())));
        }
        if (!violations.isEmpty()) {
            throw new InvalidMachineException(violations);
        }
    }

    private void audited(String actor, String action, MacAddress mac, Optional<Machine> before, Optional<Machine> after) {
        audit.record(new AuditEntry(clock.instant(), actor, action, mac.value(), before.map(Inventory::fingerprint),
                after.map(Inventory::fingerprint)));
        MachineState from = before.map(Machine::lifecycle).orElse(MachineState.PROVISION);
        if (after.isPresent() && after.get().lifecycle() != from) {
            stateEvent(actor, mac, from, after.get().lifecycle(), null);
        }
    }

    /** Every change of a machine's state is an event, whoever made it. */
    private void stateEvent(String actor, MacAddress mac, MachineState from, MachineState to, String why) {
        timeline.record(new BootEvent(clock.instant(), MachineIdentity.of(mac, null), ArtifactKind.MACHINE_STATE,
                Transport.INVENTORY, to == MachineState.FAILED ? Outcome.FAILED : Outcome.CHANGED, to.label(),
                from.label() + " to " + to.label() + " by " + actor + (why == null ? "" : ": " + why)));
    }

    /**
     * The document's fingerprint: SHA-256 of its canonical JSON (keys sorted, strings quoted and escaped, numbers and
     * booleans as such), so the same machine gives the same print whatever order it was written in, and two
     * different machines never do.
     */
    static String fingerprint(Machine machine) {
        Map<String, Object> document = new TreeMap<>();
        document.put("mac", machine.mac().value());
        document.put("hostname", machine.hostname());
        document.put("profile", machine.profile());
        document.put("labels", machine.labels());
        document.put("metadata", machine.metadata());
        if (machine.ipv4() != null) {
            document.put("ipv4", machine.ipv4());
        }
        if (machine.state() != null) {
            document.put("state", machine.state());
        }
        StringBuilder canonical = new StringBuilder();
        canonical(document, canonical);
        return "sha256:" + HexFormat.of().formatHex(Sha256.of(canonical.toString()));
    }

    private static void canonical(Object value, StringBuilder out) {
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> sorted = new TreeMap<>();
            map.forEach((key, item) -> sorted.put(String.valueOf(key), item));
            out.append('{');
            String separator = "";
            for (Map.Entry<String, Object> entry : sorted.entrySet()) {
                out.append(separator);
                canonical(entry.getKey(), out);
                out.append(':');
                canonical(entry.getValue(), out);
                separator = ",";
            }
            out.append('}');
        } else if (value instanceof List<?> list) {
            out.append('[');
            for (int i = 0; i < list.size(); i++) {
                out.append(i == 0 ? "" : ",");
                canonical(list.get(i), out);
            }
            out.append(']');
        } else if (value instanceof String text) {
            out.append('"');
            text.chars().forEach(c -> out.append(c == '"' || c == '\\' ? "\\" + (char) c
                    : c < 0x20 ? String.format("\\u%04x", c) : String.valueOf((char) c)));
            out.append('"');
        } else {
            out.append(value);
        }
    }
}

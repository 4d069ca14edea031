package dev.provisioner.ignition.model;

/** The output spec, as far as reading the input depends on it: what it can express. */
public record Target(String version) {

    public int major() {
        return Integer.parseInt(version.substring(0, version.indexOf('.')));
    }

    /** Whether partition sizes must be whole MiB (3.x counts MiB; 2.x counts sectors). */
    public boolean sizesInMib() {
        return major() >= 3;
    }

    /** Whether the spec is at least the given 3.x version. */
    public boolean atLeast(String other) {
        return major() == 3 && version.compareTo(other) >= 0;
    }

    /** Whether modes may carry setuid, setgid and sticky bits: 2.x and 3.4.0 on; 3.0-3.3 cannot. */
    public boolean specialModeBits() {
        return major() == 2 || version.compareTo("3.4.0") >= 0;
    }
}

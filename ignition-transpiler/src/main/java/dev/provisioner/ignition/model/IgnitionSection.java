package dev.provisioner.ignition.model;

import java.util.List;

/** Ignition's own settings: configs to merge or replace with, HTTP timeouts, certificate authorities. */
public record IgnitionSection(List<Reference> merge, Reference replace, Long httpResponseHeaders, Long httpTotal,
                              List<Reference> certificateAuthorities, Proxy proxy) {

    /** Proxies for Ignition's own fetches (null: none given). */
    public record Proxy(String httpProxy, String httpsProxy, List<String> noProxy) {

        public Proxy {
            noProxy = List.copyOf(noProxy);
        }
    }

    public static final IgnitionSection NONE = new IgnitionSection(List.of(), null, null, null, List.of(), null);

    public IgnitionSection {
        merge = List.copyOf(merge);
        certificateAuthorities = List.copyOf(certificateAuthorities);
    }
}

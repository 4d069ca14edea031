package dev.provisioner.server.http;

import dev.provisioner.server.trust.TlsIdentity;
import io.dropwizard.jetty.HttpsConnectorFactory;
import java.security.SecureRandom;
import java.util.Base64;
import org.eclipse.jetty.util.ssl.SslContextFactory;

/**
 * Dropwizard's HTTPS connector with the key and certificate of a {@link TlsIdentity} handed over in memory, so that
 * no key store file with a password beside it has to exist: the identity's PEM stays the one copy of the key.
 */
public final class PinnedTlsConnectorFactory extends HttpsConnectorFactory {

    private final transient TlsIdentity identity;

    public PinnedTlsConnectorFactory(TlsIdentity identity, String bindHost, int port) {
        this.identity = identity;
        setBindHost(bindHost);
        setPort(port);
        // machines pin the key rather than check a name, and reach the server at addresses the certificate cannot name
        setDisableSniHostCheck(true);
        setValidateCerts(false);
    }

    @Override
    protected SslContextFactory.Server configureSslContextFactory(SslContextFactory factory) {
        SslContextFactory.Server server = super.configureSslContextFactory(factory);
        byte[] random = new byte[24];
        new SecureRandom().nextBytes(random);
        String password = Base64.getEncoder().encodeToString(random);
        server.setKeyStore(identity.keyStore(password.toCharArray()));
        server.setKeyStorePassword(password);
        server.setKeyManagerPassword(password);
        return server;
    }
}

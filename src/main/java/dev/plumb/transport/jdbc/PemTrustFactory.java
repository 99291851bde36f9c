package dev.plumb.transport.jdbc;

import java.security.GeneralSecurityException;
import java.util.Properties;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

import org.postgresql.ssl.WrappedFactory;

/**
 * pgjdbc's {@code sslfactory} for {@link PgSecurity#rootCertificates()}: TLS that trusts exactly
 * the PEM certificates in the connection property {@link #CERTIFICATES}, read when plumb loaded
 * its configuration. pgjdbc still checks the host name for {@code verify-full}. Public for
 * pgjdbc, which instantiates it by name.
 */
public final class PemTrustFactory extends WrappedFactory {
    /** The connection property that holds the PEM text. */
    static final String CERTIFICATES = "plumb.sslrootcert";

    public PemTrustFactory(Properties info) throws GeneralSecurityException {
        String pem = info.getProperty(CERTIFICATES);
        if (pem == null) {
            throw new GeneralSecurityException("no " + CERTIFICATES + " property");
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(PgSecurity.trustStore(pem));
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, tmf.getTrustManagers(), null);
        factory = context.getSocketFactory();
    }
}

package dev.plumb.transport.jdbc;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.Collection;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;

/**
 * How a session guards the password it logs in with.
 *
 * @param sslmode                pgjdbc's sslmode, {@code disable} ... {@code verify-full}
 * @param rootCertificates       PEM text of the certificates the server's must chain to; with it
 *                               the chain is checked whatever the sslmode (as libpq does with a
 *                               root certificate); absent, pgjdbc's {@code ~/.postgresql/root.crt}
 *                               serves for {@code verify-ca} and {@code verify-full}
 * @param allowCleartextPassword whether to answer a server that asks for the password in clear
 *                               text (methods password, ldap, pam, radius, or someone in between);
 *                               otherwise the session ends before the password is sent
 */
public record PgSecurity(String sslmode, Optional<String> rootCertificates, boolean allowCleartextPassword) {
    public static final Set<String> SSLMODES = Set.of("disable", "allow", "prefer", "require", "verify-ca",
            "verify-full");

    public PgSecurity {
        Objects.requireNonNull(sslmode, "sslmode");
        Objects.requireNonNull(rootCertificates, "rootCertificates");
        if (!SSLMODES.contains(sslmode)) {
            throw new IllegalArgumentException("unknown sslmode '" + sslmode + "'");
        }
    }

    /**
     * The sslmode when none is written: {@code disable} through the SSH tunnel (SSH already
     * encrypts and authenticates the host), {@code verify-full} straight to a {@code direct}
     * address, so that nobody in between can read or downgrade the session.
     */
    public static String defaultSslmode(boolean direct) {
        return direct ? "verify-full" : "disable";
    }

    /** pgjdbc's properties for this: sslmode, the certificates and the password guard. */
    public void applyTo(Properties p) {
        p.setProperty("sslmode", sslmode);
        rootCertificates.ifPresent(pem -> {
            p.setProperty("sslfactory", PemTrustFactory.class.getName());
            p.setProperty(PemTrustFactory.CERTIFICATES, pem);
        });
        if (!allowCleartextPassword) {
            p.setProperty("authenticationPluginClassName", NoCleartextPassword.class.getName());
        }
    }

    /** Why {@code pem} is not one or more PEM certificates, if it is not. */
    public static Optional<String> checkCertificates(String pem) {
        try {
            return certificates(pem).isEmpty() ? Optional.of("holds no PEM certificate") : Optional.empty();
        } catch (GeneralSecurityException e) {
            return Optional.of("is not a list of PEM certificates (" + e.getMessage() + ")");
        }
    }

    /** {@code pem}'s certificates as a trust store. */
    static KeyStore trustStore(String pem) throws GeneralSecurityException {
        KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
        try {
            store.load(null, null);
        } catch (java.io.IOException e) {
            throw new GeneralSecurityException("cannot create an empty key store", e);
        }
        int i = 0;
        for (Certificate c : certificates(pem)) {
            store.setCertificateEntry("ca" + i++, c);
        }
        return store;
    }

    private static Collection<? extends Certificate> certificates(String pem) throws GeneralSecurityException {
        return CertificateFactory.getInstance("X.509")
                .generateCertificates(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)));
    }
}

package dev.plumb.transport.jdbc;

import java.util.Properties;

import org.postgresql.plugin.AuthenticationPlugin;
import org.postgresql.plugin.AuthenticationRequestType;
import org.postgresql.util.PSQLException;
import org.postgresql.util.PSQLState;

/**
 * pgjdbc's authentication plugin for a session that must not send its password in clear text: it
 * hands pgjdbc the {@code password} property for SCRAM, MD5 and GSS, and ends the login with
 * SQLSTATE 08004 (not an authentication failure) when the server asks for the cleartext password.
 * Public for pgjdbc, which instantiates it by name with the connection properties.
 */
public final class NoCleartextPassword implements AuthenticationPlugin {
    static final String REFUSED = "the server asked for the password in clear text (pg_hba method password, ldap,"
            + " pam or radius, or someone between plumb and the server), and plumb does not send it unless the"
            + " postgres block says allow_cleartext_password: true";

    private final String password;

    public NoCleartextPassword(Properties info) {
        this.password = info.getProperty("password");
    }

    @Override
    public char[] getPassword(AuthenticationRequestType type) throws PSQLException {
        if (type == AuthenticationRequestType.CLEARTEXT_PASSWORD) {
            throw new PSQLException(REFUSED, PSQLState.CONNECTION_REJECTED);
        }
        return password == null ? null : password.toCharArray();
    }
}

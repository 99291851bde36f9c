package dev.plumb.resource.postgres.migrations;

import java.io.PrintWriter;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.logging.Logger;

import javax.sql.DataSource;

/**
 * The {@link DataSource}s Flyway is given: one that opens a connection to a target per request
 * (for migrate), and one that lends an open connection and ignores {@code close()} (for reads,
 * so that a read costs one connection where Flyway would open two).
 */
final class DataSources {
    private DataSources() {}

    static Connection open(JdbcTarget target, String database, boolean readOnly) throws SQLException {
        return DriverManager.getConnection(target.url(database), target.properties(readOnly));
    }

    /** A new connection to {@code database} at {@code target} on each request. */
    static DataSource connecting(JdbcTarget target, String database) {
        return new Base() {
            @Override
            public Connection getConnection() throws SQLException {
                return open(target, database, false);
            }
        };
    }

    /** Always {@code connection}, whose {@code close()} does nothing: the lender closes it. */
    static DataSource lending(Connection connection) {
        Connection borrowed = (Connection) Proxy.newProxyInstance(DataSources.class.getClassLoader(),
                new Class<?>[] {Connection.class}, (proxy, method, args) -> {
                    switch (method.getName()) {
                        case "close" -> {
                            return null;
                        }
                        case "equals" -> {
                            return proxy == args[0];
                        }
                        case "hashCode" -> {
                            return System.identityHashCode(proxy);
                        }
                        default -> {
                            try {
                                return method.invoke(connection, args);
                            } catch (InvocationTargetException e) {
                                throw e.getCause();
                            }
                        }
                    }
                });
        return new Base() {
            @Override
            public Connection getConnection() {
                return borrowed;
            }
        };
    }

    private abstract static class Base implements DataSource {
        @Override
        public Connection getConnection(String username, String password) throws SQLException {
            throw new SQLFeatureNotSupportedException("credentials are fixed");
        }

        @Override
        public PrintWriter getLogWriter() {
            return null;
        }

        @Override
        public void setLogWriter(PrintWriter out) {
            // no logging
        }

        @Override
        public void setLoginTimeout(int seconds) {
            // the target's connect timeout applies
        }

        @Override
        public int getLoginTimeout() {
            return JdbcTarget.CONNECT_TIMEOUT;
        }

        @Override
        public Logger getParentLogger() throws SQLFeatureNotSupportedException {
            throw new SQLFeatureNotSupportedException();
        }

        @Override
        public <T> T unwrap(Class<T> iface) throws SQLException {
            if (iface.isInstance(this)) {
                return iface.cast(this);
            }
            throw new SQLException("not a wrapper for " + iface.getName());
        }

        @Override
        public boolean isWrapperFor(Class<?> iface) {
            return iface.isInstance(this);
        }
    }
}

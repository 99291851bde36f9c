package dev.plumb.transport.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.plumb.model.Sensitive;

/**
 * How sessions guard the admin's password: the settings a server gets, and what pgjdbc does with
 * them against a stand-in server on a loopback port that records what it was sent.
 */
class PgSecurityTest {
    static final Sensitive<String> PW = Sensitive.of("hunter2-secret");
    static final Endpoint DB1 = new Endpoint("db1.example.com", 5432);

    @Test
    void directWithoutSslmodeIsVerifyFullAndTheTunnelDisable() {
        PgServer direct = new PgServer("postgres", PW, "postgres", Optional.of(DB1), Optional.empty());
        assertThat(direct.security()).isEqualTo(new PgSecurity("verify-full", Optional.empty(), false));
        PgServer tunnel = new PgServer("postgres", PW, "postgres", Optional.empty(), Optional.empty());
        assertThat(tunnel.security().sslmode()).isEqualTo("disable");
        PgServer weaker = new PgServer("postgres", PW, "postgres", Optional.of(DB1), Optional.of("prefer"));
        assertThat(weaker.security().sslmode()).as("a weaker mode only when written").isEqualTo("prefer");

        Properties p = new Properties();
        direct.security().applyTo(p);
        assertThat(p).containsEntry("sslmode", "verify-full")
                .containsEntry("authenticationPluginClassName", NoCleartextPassword.class.getName())
                .doesNotContainKey("sslfactory");
        assertThatThrownBy(() -> new PgSecurity("sometimes", Optional.empty(), false))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void certificatesAndTheCleartextAllowanceReachTheDriver() {
        Properties p = new Properties();
        new PgServer("postgres", PW, "postgres", Optional.of(DB1), Optional.empty(), Optional.of("PEM"), true)
                .security().applyTo(p);
        assertThat(p).containsEntry("sslmode", "verify-full")
                .containsEntry("sslfactory", PemTrustFactory.class.getName())
                .containsEntry(PemTrustFactory.CERTIFICATES, "PEM")
                .doesNotContainKey("authenticationPluginClassName");
        assertThat(PgSecurity.checkCertificates("not a certificate")).hasValueSatisfying(why ->
                assertThat(why).startsWith("is not a list of PEM certificates"));
    }

    @Test
    void aDirectSessionToAServerWithoutTlsEndsBeforeAnyLogin() throws Exception {
        PgSecurity direct = new PgServer("postgres", PW, "postgres", Optional.of(DB1), Optional.empty()).security();
        try (FakeServer server = new FakeServer(null)) {
            assertThatThrownBy(() -> server.connect(direct))
                    .isInstanceOf(PgException.class).hasMessageContaining("does not support SSL");
            Transcript t = server.transcript();
            assertThat(t.sslRequested()).isTrue();
            assertThat(t.startup()).as("the startup message names the user").isFalse();
            assertThat(t.password()).isEmpty();
        }
    }

    @Test
    void aRequestForTheCleartextPasswordIsNotAnswered() throws Exception {
        try (FakeServer server = new FakeServer(null)) {
            assertThatThrownBy(() -> server.connect(new PgSecurity("disable", Optional.empty(), false)))
                    .isInstanceOfSatisfying(PgException.class, e -> {
                        assertThat(e.kind()).as("not a wrong password").isEqualTo(PgException.Kind.CANNOT_CONNECT);
                        assertThat(e.getMessage()).contains("asked for the password in clear text",
                                "allow_cleartext_password: true").doesNotContain(PW.reveal());
                    });
            assertThat(server.transcript().startup()).isTrue();
            assertThat(server.transcript().password()).isEmpty();
        }
    }

    @Test
    void theCleartextPasswordIsSentOnlyWhenAllowed() throws Exception {
        try (FakeServer server = new FakeServer(null)) {
            assertThatThrownBy(() -> server.connect(new PgSecurity("disable", Optional.empty(), true)))
                    .isInstanceOf(PgException.class).hasMessageContaining("fake server says no");
            assertThat(server.transcript().password()).contains(PW.reveal());
        }
    }

    @Test
    void theServerCertificateMustChainToTheConfiguredOnesAndNameTheServer(@TempDir Path dir) throws Exception {
        Cert byAddress = Cert.make(dir, "byaddress", "ip:127.0.0.1");
        Cert byName = Cert.make(dir, "byname", "dns:db.example.com");

        try (FakeServer server = new FakeServer(byAddress.context())) {
            assertThatThrownBy(() -> server.connect(new PgSecurity("verify-full", Optional.of(byAddress.pem()), false)))
                    .as("trusted and named: the login goes on").hasMessageContaining("fake server says no");
            assertThat(server.transcript().startup()).isTrue();
        }
        try (FakeServer server = new FakeServer(byAddress.context())) {
            assertThatThrownBy(() -> server.connect(new PgSecurity("verify-full", Optional.of(byName.pem()), false)))
                    .as("another certificate").isInstanceOf(PgException.class)
                    .hasMessageNotContaining("fake server says no");
            assertThat(server.transcript().startup()).isFalse();
        }
        try (FakeServer server = new FakeServer(byName.context())) {
            assertThatThrownBy(() -> server.connect(new PgSecurity("verify-full", Optional.of(byName.pem()), false)))
                    .as("trusted, but for another name").isInstanceOf(PgException.class)
                    .hasMessageContaining("hostname 127.0.0.1 could not be verified");
            assertThat(server.transcript().startup()).isFalse();
        }
        try (FakeServer server = new FakeServer(byName.context())) {
            assertThatThrownBy(() -> server.connect(new PgSecurity("verify-ca", Optional.of(byName.pem()), false)))
                    .as("verify-ca does not check the name").hasMessageContaining("fake server says no");
        }
    }

    /** What the stand-in server received. */
    record Transcript(boolean sslRequested, boolean startup, Optional<String> password) {
    }

    /**
     * A stand-in PostgreSQL for one connection: answers an SSL request with 'N' (no context) or
     * TLS with {@code tls}; then, without TLS, asks for the password in clear text and records it;
     * over TLS, refuses at once. Either way it ends with the error "fake server says no".
     */
    static final class FakeServer implements AutoCloseable {
        private final ServerSocket socket;
        private final CompletableFuture<Transcript> transcript;

        FakeServer(SSLContext tls) throws IOException {
            socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
            transcript = CompletableFuture.supplyAsync(() -> {
                try (Socket s = socket.accept()) {
                    s.setSoTimeout(20_000);
                    return serve(s, tls);
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            });
        }

        void connect(PgSecurity security) throws Exception {
            PgConnector.connect(new Endpoint("127.0.0.1", socket.getLocalPort()), "postgres", PW, "postgres", security,
                    "the fake server").close();
        }

        Transcript transcript() throws Exception {
            return transcript.get(20, TimeUnit.SECONDS);
        }

        private static Transcript serve(Socket s, SSLContext tls) throws IOException {
            InputStream in = s.getInputStream();
            OutputStream out = s.getOutputStream();
            boolean sslRequested = false;
            int[] first = header(in);
            if (first == null) {
                return new Transcript(false, false, Optional.empty());
            }
            if (first[1] == 80877103) {
                sslRequested = true;
                out.write(tls == null ? 'N' : 'S');
                out.flush();
                if (tls != null) {
                    SSLSocket t = (SSLSocket) tls.getSocketFactory().createSocket(s, null, s.getPort(), false);
                    t.setUseClientMode(false);
                    try {
                        t.startHandshake();
                    } catch (IOException e) {
                        return new Transcript(true, false, Optional.empty());
                    }
                    in = t.getInputStream();
                    out = t.getOutputStream();
                }
                first = header(in);
                if (first == null) {
                    return new Transcript(sslRequested, false, Optional.empty());
                }
            }
            new DataInputStream(in).skipNBytes(first[0] - 8); // the startup parameters
            Optional<String> password = Optional.empty();
            if (tls == null) {
                DataOutputStream d = new DataOutputStream(out);
                d.writeByte('R');
                d.writeInt(8);
                d.writeInt(3); // AuthenticationCleartextPassword
                d.flush();
                DataInputStream din = new DataInputStream(in);
                try {
                    if (din.readByte() == 'p') {
                        byte[] body = new byte[din.readInt() - 4];
                        din.readFully(body);
                        password = Optional.of(new String(body, 0, body.length - 1, StandardCharsets.UTF_8));
                    }
                } catch (EOFException | java.net.SocketException e) {
                    return new Transcript(sslRequested, true, Optional.empty());
                }
            }
            refuse(out);
            return new Transcript(sslRequested, true, password);
        }

        /** Length and code of an untyped message (SSL request, startup); null at the end of the stream. */
        private static int[] header(InputStream in) throws IOException {
            DataInputStream d = new DataInputStream(in);
            try {
                return new int[] {d.readInt(), d.readInt()};
            } catch (EOFException | java.net.SocketException e) {
                return null;
            }
        }

        private static void refuse(OutputStream out) throws IOException {
            byte[] fields = ("SFATAL\0VFATAL\0C28000\0Mfake server says no\0\0").getBytes(StandardCharsets.UTF_8);
            DataOutputStream d = new DataOutputStream(out);
            d.writeByte('E');
            d.writeInt(4 + fields.length);
            d.write(fields);
            d.flush();
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    /** A self-signed certificate made by the JDK's keytool: its PEM text and a server context. */
    record Cert(String pem, SSLContext context) {
        static Cert make(Path dir, String name, String san) throws Exception {
            Path store = dir.resolve(name + ".p12");
            Path pem = dir.resolve(name + ".pem");
            keytool("-genkeypair", "-alias", "s", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=" + name,
                    "-ext", "san=" + san, "-validity", "2", "-keystore", store.toString(), "-storetype", "PKCS12",
                    "-storepass", "changeit", "-keypass", "changeit");
            keytool("-exportcert", "-rfc", "-alias", "s", "-keystore", store.toString(), "-storepass", "changeit",
                    "-file", pem.toString());
            KeyStore ks = KeyStore.getInstance("PKCS12");
            try (InputStream in = Files.newInputStream(store)) {
                ks.load(in, "changeit".toCharArray());
            }
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(ks, "changeit".toCharArray());
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(kmf.getKeyManagers(), null, null);
            return new Cert(Files.readString(pem), context);
        }

        private static void keytool(String... args) throws Exception {
            String[] argv = new String[args.length + 1];
            argv[0] = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
            System.arraycopy(args, 0, argv, 1, args.length);
            Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0).as("keytool: %s", out).isTrue();
        }
    }
}

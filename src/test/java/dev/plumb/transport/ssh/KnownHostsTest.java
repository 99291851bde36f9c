package dev.plumb.transport.ssh;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.security.PublicKey;
import java.util.Base64;

import org.junit.jupiter.api.Test;

import com.hierynomus.sshj.userauth.certificate.Certificate;

import dev.plumb.transport.ssh.KnownHosts.Status;

import net.schmizz.sshj.DefaultConfig;
import net.schmizz.sshj.common.Buffer;

/**
 * known_hosts lines matched and judged as OpenSSH does. The keys were made with ssh-keygen, and
 * the fingerprints and hashed names below are ssh-keygen's ({@code -l}, {@code -H}).
 */
class KnownHostsTest {
    static final String ED = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIKqE+4wC0xDJCm3L1SQnBkztjKq7JR3qujGB8MuTjEbS";
    static final String ED_FP = "SHA256:09ALn7Sj6Fay0Nr2HWOflQ/33SqTUMWDF55JBxoILew";
    static final String EC = "ecdsa-sha2-nistp256 AAAAE2VjZHNhLXNoYTItbmlzdHAyNTYAAAAIbmlzdHAyNTYAAABBBH/TNEM3x6vio"
            + "kf+cWhnQ/cGAkcaaCUFd8q0l0gpnzDSgSDs+9+4CjTVlhiG1uJyH5Oqiea+RCGo/9nWPzgqy9Q=";
    static final String EC_FP = "SHA256:uNqCOMELnKAiN6ce/ObamcaVenuFUBFA29Cca8pb6cw";
    static final String RSA = "ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAAAgQCrmGjEbGTOgmvIQjf51vYrs4RrfMfH+gYsrcugR8ql"
            + "aXsRDvSFWf/buHT/Z9wpcbzo6UKL7T7Sz5bvQ1/3gdEw9FIm2WBibGtDf3oTG+n8P6PIerivrgOLWYdQ80ga4fkx6YUgX8jdcJg"
            + "b+ERSeg9L8S1B6wd7Pn9uLgNCbLSXnw==";
    static final String RSA_FP = "SHA256:wvAsKIsQJ0SJ6T26sou0m8iJRLRDX1caj/OXaAbgEr0";
    /** A certificate authority's key. */
    static final String CA = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAINi8g7GrKkxvm5uVpzzP4/pHUhbvq3n13URl426NU8Re";
    static final String CA_FP = "SHA256:ANCu0DTAPhK20hvg+s5f6v4gn3rHNsnIYOOKsF9x4uc";
    /** ED's host certificate for host.example.com, signed by CA. */
    static final String ED_CERT = "ssh-ed25519-cert-v01@openssh.com AAAAIHNzaC1lZDI1NTE5LWNlcnQtdjAxQG9wZW5zc2gu"
            + "Y29tAAAAIIZjWNT856IGnb+73hC8Uyphokaz/fsh/rrFr2C4qnX6AAAAIKqE+4wC0xDJCm3L1SQnBkztjKq7JR3qujGB8MuTjEbS"
            + "AAAAAAAAAAAAAAACAAAABGhvc3QAAAAUAAAAEGhvc3QuZXhhbXBsZS5jb20AAAAAAAAAAP//////////AAAAAAAAAAAAAAAAAAAA"
            + "MwAAAAtzc2gtZWQyNTUxOQAAACDYvIOxqypMb5ublac8z+P6R1IW76t59d1EZeNujVPEXgAAAFMAAAALc3NoLWVkMjU1MTkAAABA"
            + "ZfutEiYb3oFnKYaT0zR+zOYDHJTdoXckgHlZBpo/FrsiKHhYxtPV2C5c32FoNc7wRTLaddP+RBKko2Vih+PuDQ==";
    /** ssh-keygen -H of "host.example.com ED" and "[198.51.100.7]:2222 EC". */
    static final String HASHED = """
            |1|Lfbl70epBopn412ifVfUYOjgrUg=|r2JCwRTm/Opiyldk1Ja7QMEz+DI= %s
            |1|7cE3dHfdukFiXAVMC5uhdRiYDV4=|gUywIeVTYzP1dxT7TtlZlkv4dkE= %s
            """.formatted(ED, EC);

    static PublicKey key(String typeAndBase64) {
        try {
            return new Buffer.PlainBuffer(Base64.getDecoder().decode(typeAndBase64.split(" ")[1])).readPublicKey();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Status status(String text, String name, String presented) {
        return KnownHosts.parse(text, name).check(key(presented)).status();
    }

    @Test
    void theHostNameIsTheAddressInLowerCaseWithThePortWhenNot22() {
        assertThat(KnownHosts.hostName("Host.Example.COM", 22)).isEqualTo("host.example.com");
        assertThat(KnownHosts.hostName("198.51.100.7", 2222)).isEqualTo("[198.51.100.7]:2222");
        assertThat(KnownHosts.hostName("::1", 22)).isEqualTo("::1");
    }

    @Test
    void aRecordedKeyIsKnownAndAHostWithoutLinesIsNew() {
        String text = "# comment\n\nhost.example.com " + ED + " a comment\n";
        assertThat(status(text, "host.example.com", ED)).isEqualTo(Status.KNOWN);
        assertThat(status(text, "other.example.com", ED)).isEqualTo(Status.NEW);
        assertThat(status("", "host.example.com", ED)).isEqualTo(Status.NEW);
    }

    @Test
    void aKeyOfAnotherTypeIsChangedAndNamesTheKeysOnRecord() {
        String text = "other.example.com " + RSA + "\nhost.example.com " + EC + "\nhost.example.com " + RSA + "\n";
        KnownHosts.Verdict v = KnownHosts.parse(text, "host.example.com").check(key(ED));
        assertThat(v.status()).isEqualTo(Status.CHANGED);
        assertThat(v.lines()).extracting(KnownHosts.Line::describe).containsExactly(
                "ecdsa-sha2-nistp256 " + EC_FP + " (line 2)", "ssh-rsa " + RSA_FP + " (line 3)");
        assertThat(KnownHosts.describe(key(ED))).isEqualTo("ssh-ed25519 " + ED_FP);
        assertThat(status(text, "host.example.com", RSA)).isEqualTo(Status.KNOWN);
    }

    @Test
    void hashedNamesMatchTheirHostAndPortOnly() {
        assertThat(status(HASHED, "host.example.com", ED)).isEqualTo(Status.KNOWN);
        assertThat(status(HASHED, "host.example.com", EC)).isEqualTo(Status.CHANGED);
        assertThat(status(HASHED, "[198.51.100.7]:2222", EC)).isEqualTo(Status.KNOWN);
        assertThat(status(HASHED, "198.51.100.7", EC)).isEqualTo(Status.NEW);
        assertThat(status(HASHED, "host2.example.com", ED)).isEqualTo(Status.NEW);
        assertThat(status("|1|bm90IGJhc2U2NA|junk " + ED, "host.example.com", ED)).isEqualTo(Status.NEW);
    }

    @Test
    void wildcardsMatchLikeOpenSsh() {
        assertThat(KnownHosts.matches("*.example.com", "host.example.com")).isTrue();
        assertThat(KnownHosts.matches("*.example.com", "example.com")).isFalse();
        assertThat(KnownHosts.matches("host?.example.com", "host1.example.com")).isTrue();
        assertThat(KnownHosts.matches("host?.example.com", "host.example.com")).isFalse();
        assertThat(KnownHosts.matches("198.51.100.*", "198.51.100.77")).isTrue();
        assertThat(KnownHosts.matches("*", "anything")).isTrue();
        assertThat(KnownHosts.matches("h*t*e", "host.example.com")).isFalse();
        assertThat(KnownHosts.matches("h*t*e*", "host.example.com")).isTrue();
        // Only * and ? are special: no regular expression, dots are dots.
        assertThat(KnownHosts.matches("h.st.example.com", "host.example.com")).isFalse();
        assertThat(KnownHosts.matches("a+.example.com", "aa.example.com")).isFalse();
        assertThat(KnownHosts.matches("[198.51.100.*]:2222", "[198.51.100.7]:2222")).isTrue();
        assertThat(status("*.example.com " + ED, "host.example.com", EC)).isEqualTo(Status.CHANGED);
    }

    @Test
    void aMatchingNegationExcludesTheLineWhateverElseMatches() {
        String hosts = "*.example.com,!bad.example.com";
        assertThat(KnownHosts.matches(hosts, "good.example.com")).isTrue();
        assertThat(KnownHosts.matches(hosts, "bad.example.com")).isFalse();
        assertThat(KnownHosts.matches("!bad.example.com,*", "bad.example.com")).isFalse();
        assertThat(KnownHosts.matches("!bad.example.com", "good.example.com")).as("a negation alone matches nothing")
                .isFalse();
        assertThat(status(hosts + " " + ED, "bad.example.com", EC)).isEqualTo(Status.NEW);
    }

    @Test
    void namesAndPatternsMatchInAnyCase() {
        assertThat(status("Host.EXAMPLE.com " + ED, KnownHosts.hostName("HOST.example.COM", 22), ED))
                .isEqualTo(Status.KNOWN);
        assertThat(KnownHosts.matches("*.EXAMPLE.COM", "host.example.com")).isTrue();
    }

    @Test
    void aPortOtherThan22NeedsTheBracketedForm() {
        String text = "[host.example.com]:2222 " + ED + "\nhost.example.com " + EC + "\n";
        assertThat(status(text, KnownHosts.hostName("host.example.com", 2222), ED)).isEqualTo(Status.KNOWN);
        assertThat(status(text, KnownHosts.hostName("host.example.com", 2222), EC)).isEqualTo(Status.CHANGED);
        assertThat(status(text, KnownHosts.hostName("host.example.com", 22), EC)).isEqualTo(Status.KNOWN);
        assertThat(status(text, KnownHosts.hostName("host.example.com", 22), ED)).isEqualTo(Status.CHANGED);
        assertThat(status(text, KnownHosts.hostName("host.example.com", 2200), ED)).isEqualTo(Status.NEW);
    }

    @Test
    void aRevokedKeyIsRefusedEvenWhenAlsoRecorded() {
        String text = "host.example.com " + ED + "\n@revoked * " + ED + "\n";
        KnownHosts.Verdict v = KnownHosts.parse(text, "host.example.com").check(key(ED));
        assertThat(v.status()).isEqualTo(Status.REVOKED);
        assertThat(v.lines()).extracting(KnownHosts.Line::describe).containsExactly("@revoked ssh-ed25519 " + ED_FP
                + " (line 2)");
        // A revocation names a key, not a host: alone, it does not make a host known.
        assertThat(status("@revoked * " + ED, "host.example.com", EC)).isEqualTo(Status.NEW);
        assertThat(status("@revoked * " + ED, "host.example.com", ED)).isEqualTo(Status.REVOKED);
        // A certificate is revoked with its key or with its signer.
        assertThat(status("@cert-authority * " + CA + "\n@revoked * " + CA, "host.example.com", ED_CERT))
                .isEqualTo(Status.REVOKED);
        assertThat(status("@cert-authority * " + CA + "\n@revoked * " + ED, "host.example.com", ED_CERT))
                .isEqualTo(Status.REVOKED);
    }

    @Test
    void aCertificateAuthorityVouchesForCertificatesOnlyAndIsNeverTheHostsOwnKey() {
        assertThat(key(ED_CERT)).isInstanceOf(Certificate.class);
        String text = "@cert-authority *.example.com " + CA + "\n";
        assertThat(status(text, "host.example.com", ED_CERT)).isEqualTo(Status.KNOWN);
        KnownHosts.Verdict caAsHostKey = KnownHosts.parse(text, "host.example.com").check(key(CA));
        assertThat(caAsHostKey.status()).isEqualTo(Status.CHANGED);
        assertThat(caAsHostKey.lines()).extracting(KnownHosts.Line::describe)
                .containsExactly("@cert-authority ssh-ed25519 " + CA_FP + " (line 1)");
        assertThat(status(text, "host.example.com", ED)).isEqualTo(Status.CHANGED);
        assertThat(status(text, "other.test", ED)).isEqualTo(Status.NEW);
        assertThat(status("host.example.com " + CA, "host.example.com", ED_CERT)).as("a plain key signs nothing")
                .isEqualTo(Status.CHANGED);
        // Without an authority, a certificate stands for its key, and is recorded as that key.
        assertThat(status("host.example.com " + ED, "host.example.com", ED_CERT)).isEqualTo(Status.KNOWN);
        assertThat(KnownHosts.line("host.example.com", key(ED_CERT))).isEqualTo("host.example.com " + ED);
    }

    @Test
    void onlyTheHostsOwnWellFormedLinesAreRead() {
        String text = """
                other.example.com ssh-rsa not-base64-at-all
                @bogus host.example.com %s
                host.example.com
                host.example.com sk-ssh-ed25519@openssh.com AAAAGnNrLXNzaC1lZDI1NTE5QG9wZW5zc2guY29t
                host.example.com %s
                """.formatted(EC, RSA);
        KnownHosts known = KnownHosts.parse(text, "host.example.com");
        assertThat(known.lines()).extracting(KnownHosts.Line::number).containsExactly(4, 5);
        assertThat(known.lines().get(0).entry()).as("a key type SSHJ cannot read").isEmpty();
        // A line SSHJ cannot read still makes the host known.
        assertThat(KnownHosts.parse(text.replace("host.example.com ssh-rsa", "x ssh-rsa"), "host.example.com")
                .check(key(ED)).status()).isEqualTo(Status.CHANGED);
    }

    @Test
    void theRecordedKeysAlgorithmsAreProposedFirst() {
        var supported = new DefaultConfig().getKeyAlgorithms();
        assertThat(KnownHosts.parse("h " + RSA + "\nh " + EC, "h").algorithms(supported))
                .containsExactly("ecdsa-sha2-nistp256", "rsa-sha2-512", "rsa-sha2-256", "ssh-rsa");
        assertThat(KnownHosts.parse("@revoked h " + ED, "h").algorithms(supported)).isEmpty();
        assertThat(KnownHosts.parse("@cert-authority h " + CA, "h").algorithms(supported))
                .isNotEmpty().allMatch(a -> a.contains("-cert-"));
    }

    @Test
    void aRecordedLineReadsBackAsKnown() {
        String line = KnownHosts.line("[198.51.100.7]:2222", key(ED));
        assertThat(line).isEqualTo("[198.51.100.7]:2222 " + ED);
        assertThat(status(line, "[198.51.100.7]:2222", ED)).isEqualTo(Status.KNOWN);
    }
}

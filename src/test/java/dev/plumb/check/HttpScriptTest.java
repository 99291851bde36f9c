package dev.plumb.check;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.plumb.shell.LocalSh;

/**
 * The http check's script, run here with stand-ins for curl and systemctl: nothing answers (curl
 * prints 000), and it retries while the service may still come up, but not once its unit is down
 * with nothing queued to start it.
 */
class HttpScriptTest {
    @TempDir
    Path bin;

    private static Check.Http http(int retries, Optional<String> unit) {
        return new Check.Http("http://127.0.0.1:8000/health", 200, Optional.empty(), Optional.empty(),
                Optional.empty(), retries, unit, Optional.empty());
    }

    private void stub(String command, String body) throws IOException {
        Path p = bin.resolve(command);
        Files.writeString(p, "#!/bin/sh\n" + body);
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    /** curl: connection refused; systemctl: the unit is {@code state}, with {@code jobs} queued for it. */
    private LocalSh.Result run(Check.Http check, String state, String jobs) throws IOException {
        stub("curl", "echo tried >> " + bin.resolve("curl.log") + "\nprintf 000\necho 'Connection refused' >&2\nexit 7\n");
        stub("systemctl", "case \"$1\" in\n"
                + "  is-active) echo " + state + "; [ " + state + " = active ] ;;\n"
                + "  list-jobs) printf '%s' '" + jobs + "' ;;\n"
                + "esac\n");
        stub("journalctl", "echo 'myapp: some journal line'\n");
        LocalSh.Result r = new LocalSh(bin).run(Scripts.fragment(check, "nonce"));
        assertThat(r.exit()).as("%s", r).isZero();
        return r;
    }

    private long curlCalls() throws IOException {
        return Files.readAllLines(bin.resolve("curl.log")).size();
    }

    @Test
    void aStoppedOrFailedUnitIsNotWaitedFor() throws IOException {
        for (String state : new String[] {"inactive", "failed"}) {
            LocalSh.Result r = run(http(10, Optional.of("myapp.service")), state, "");
            assertThat(r.lines()).contains("code 000", "curl 7", "tries 1");
            assertThat(curlCalls()).isEqualTo(1);
            Files.delete(bin.resolve("curl.log"));
        }
    }

    @Test
    void aUnitComingUpOrWithAQueuedStartIsRetried() throws IOException {
        LocalSh.Result activating = run(http(3, Optional.of("myapp.service")), "activating", "");
        assertThat(activating.lines()).contains("code 000", "tries 3");
        assertThat(curlCalls()).isEqualTo(3);
        Files.delete(bin.resolve("curl.log"));

        LocalSh.Result queued = run(http(2, Optional.of("myapp.service")), "inactive",
                "123 myapp.service start waiting");
        assertThat(queued.lines()).contains("code 000", "tries 2");
        assertThat(curlCalls()).isEqualTo(2);
    }

    @Test
    void withoutAUnitEveryRetryIsMade() throws IOException {
        LocalSh.Result r = run(http(2, Optional.empty()), "inactive", "");
        assertThat(r.lines()).contains("code 000", "tries 2");
        assertThat(curlCalls()).isEqualTo(2);
    }
}

package dev.plumb.engine;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.plumb.model.Redactor;
import dev.plumb.resource.HostRun;
import dev.plumb.resource.ImportOptions;
import dev.plumb.resource.ImportPart;
import dev.plumb.resource.Imported;
import dev.plumb.resource.KindException;
import dev.plumb.transport.ssh.SshSession;
import dev.plumb.transport.ssh.TransportException;

/**
 * One host's import: one SSH connection, every kind's probe in one round trip, then each kind's
 * {@link ImportPart#read}. Reads only.
 */
final class HostImporter {
    private final HostInput in;
    private final List<Engine.ImportRequest> requests;
    private final ImportOptions options;
    private final Progress progress;

    HostImporter(HostInput in, List<Engine.ImportRequest> requests, ImportOptions options, Progress progress) {
        this.in = in;
        this.requests = requests;
        this.options = options;
        this.progress = progress;
    }

    Engine.HostImport run() {
        String host = in.host();
        progress.update(host, "connecting");
        List<ImportPart> parts = new ArrayList<>();
        try (SshSession session = SshSession.open(in.target())) {
            HostRun run = new HostRun(host, session, Redactor.NONE);
            for (Engine.ImportRequest r : requests) {
                parts.add(r.importer().open(run, r.scopes(), options));
            }
            progress.update(host, "reading");
            List<List<String>> probed = Probes.run(session, host, parts.stream().map(ImportPart::probe).toList());
            Map<String, Imported> out = new LinkedHashMap<>();
            for (int i = 0; i < parts.size(); i++) {
                out.put(requests.get(i).key(), parts.get(i).read(probed.get(i)));
            }
            progress.update(host, "read");
            return Engine.HostImport.of(host, out);
        } catch (TransportException | KindException e) {
            progress.update(host, "failed");
            return Engine.HostImport.failed(host, e.getMessage());
        } finally {
            parts.forEach(ImportPart::close);
        }
    }
}

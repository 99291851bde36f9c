package dev.plumb.git;

import java.io.IOException;
import java.net.URISyntaxException;
import java.util.List;

import org.eclipse.jgit.errors.NotSupportedException;
import org.eclipse.jgit.errors.TransportException;
import org.eclipse.jgit.lib.NullProgressMonitor;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.transport.PushResult;
import org.eclipse.jgit.transport.RemoteConfig;
import org.eclipse.jgit.transport.RemoteRefUpdate;
import org.eclipse.jgit.transport.Transport;

/**
 * Pushes one record ref, never forcing, through JGit's own transports: no hook runs and no git
 * process starts (a local remote is served in-process).
 */
final class Pusher {
    static final int TIMEOUT_SECONDS = 60;

    private Pusher() {
    }

    static boolean push(Repository repository, String remote, String ref) throws GitException {
        RecordRefs.check(ref);
        if (remote == null || remote.isBlank()) {
            throw new GitException(GitException.Kind.INVALID, "no remote given");
        }
        String where = masked(remote);
        boolean named = repository.getRemoteNames().contains(remote);
        if (!named && !remote.contains(":") && !remote.contains("/")) {
            throw new GitException(GitException.Kind.INVALID, "unknown remote '" + remote + "'"
                    + (repository.getRemoteNames().isEmpty() ? " (none is configured)"
                    : " (configured: " + String.join(", ", repository.getRemoteNames().stream().sorted().toList()) + ")"));
        }
        try {
            if (repository.exactRef(ref) == null) {
                throw new GitException(GitException.Kind.MISSING, "nothing to push: " + ref + " does not exist");
            }
            try (Transport transport = Transport.open(repository, remote)) {
                transport.setOptionReceivePack(RemoteConfig.DEFAULT_RECEIVE_PACK);
                transport.setTimeout(TIMEOUT_SECONDS);
                RemoteRefUpdate update = new RemoteRefUpdate(repository, ref, ref, false, null, null);
                PushResult result = transport.push(NullProgressMonitor.INSTANCE, List.of(update));
                RemoteRefUpdate done = result.getRemoteUpdate(ref);
                RemoteRefUpdate.Status status = done == null ? RemoteRefUpdate.Status.NOT_ATTEMPTED : done.getStatus();
                return switch (status) {
                    case OK -> true;
                    case UP_TO_DATE -> false;
                    case REJECTED_NONFASTFORWARD -> throw new GitException(GitException.Kind.PUSH, where + " rejected "
                            + ref + ": it has records this repository lacks (not a fast-forward); fetch " + ref + " first");
                    case REJECTED_OTHER_REASON -> throw new GitException(GitException.Kind.PUSH, where + " rejected "
                            + ref + (done.getMessage() == null ? "" : ": " + done.getMessage()));
                    default -> throw new GitException(GitException.Kind.PUSH, "push of " + ref + " to " + where
                            + " did not complete (" + status.toString().toLowerCase().replace('_', ' ') + ")");
                };
            }
        } catch (URISyntaxException e) {
            throw new GitException(GitException.Kind.INVALID, "'" + where + "' is neither a remote nor a URL", e);
        } catch (NotSupportedException e) {
            throw new GitException(GitException.Kind.PUSH, "cannot push to " + where + ": this build of plumb has no "
                    + "transport for it (" + GitException.reason(e) + ")", e);
        } catch (TransportException e) {
            throw new GitException(GitException.Kind.PUSH,
                    "cannot push " + ref + " to " + where + ": " + GitException.reason(e), e);
        } catch (IOException e) {
            throw GitException.io("cannot push " + ref + " to " + where, e);
        }
    }

    /** The remote with any password in its URL hidden. */
    static String masked(String remote) {
        return remote.replaceAll("(://[^/@:]*):[^/@]*@", "$1:***@");
    }
}

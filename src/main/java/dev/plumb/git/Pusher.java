package dev.plumb.git;

import java.io.IOException;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.List;

import org.eclipse.jgit.errors.NotSupportedException;
import org.eclipse.jgit.errors.TransportException;
import org.eclipse.jgit.lib.NullProgressMonitor;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.transport.PushResult;
import org.eclipse.jgit.transport.RemoteConfig;
import org.eclipse.jgit.transport.RemoteRefUpdate;
import org.eclipse.jgit.transport.SshTransport;
import org.eclipse.jgit.transport.Transport;

/**
 * Pushes one record ref, never forcing, through JGit's own transports: no hook runs and no
 * process starts (a local remote is served in-process; SSH is refused unless JGit has an SSH
 * implementation, rather than letting it run an external {@code ssh}).
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
                if (transport instanceof SshTransport ssh && ssh.getSshSessionFactory() == null) {
                    throw new GitException(GitException.Kind.PUSH, "cannot push to " + where
                            + ": this build of plumb has no SSH support for git; use an https:// URL or a path");
                }
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
            throw new GitException(GitException.Kind.PUSH, "cannot push " + ref + " to " + where + ": " + why(e), e);
        } catch (IOException e) {
            throw GitException.io("cannot push " + ref + " to " + where, e);
        }
    }

    /**
     * JGit's message without the URL it starts with, and the root cause when that says more:
     * {@code cannot open git-receive-pack (unknown host example.org)}.
     */
    static String why(TransportException e) {
        String why = GitException.reason(e).replaceFirst("^\\S*[:/@]\\S*: ", "");
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        if (root == e || root instanceof NullPointerException) {
            return why;
        }
        String detail = root instanceof UnknownHostException ? "unknown host " + root.getMessage() : GitException.reason(root);
        return why.contains(detail) ? why : why + " (" + detail + ")";
    }

    /** The remote with any password in its URL hidden. */
    static String masked(String remote) {
        return remote.replaceAll("(://[^/@:]*):[^/@]*@", "$1:***@");
    }
}

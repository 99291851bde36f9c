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

    /** What one push attempt found. */
    enum Pushed {
        /** The remote's ref now points where ours does. */
        DONE,
        /** It already did. */
        UP_TO_DATE,
        /** The remote has records ours lacks: not a fast-forward. */
        BEHIND,
        /** Another push was updating the remote's ref at the same moment. */
        LOCKED
    }

    /** Something done over an open transport. */
    interface Use<T> {
        T with(Transport transport) throws IOException, GitException;
    }

    static boolean push(Repository repository, String remote, String ref) throws GitException {
        String where = masked(remote);
        return switch (attempt(repository, remote, ref)) {
            case DONE -> true;
            case UP_TO_DATE -> false;
            case BEHIND -> throw new GitException(GitException.Kind.PUSH, where + " rejected "
                    + ref + ": it has records this repository lacks (not a fast-forward); fetch " + ref + " first");
            case LOCKED -> throw new GitException(GitException.Kind.PUSH, where + " rejected "
                    + ref + ": another push was updating it; try again");
        };
    }

    /** One push of {@code ref}, never forced; a rejection other than BEHIND or LOCKED is an error. */
    static Pushed attempt(Repository repository, String remote, String ref) throws GitException {
        String where = masked(remote);
        try {
            if (repository.exactRef(ref) == null) {
                throw new GitException(GitException.Kind.MISSING, "nothing to push: " + ref + " does not exist");
            }
        } catch (IOException e) {
            throw GitException.io("cannot push " + ref + " to " + where, e);
        }
        return open(repository, remote, ref, "push", transport -> {
            transport.setOptionReceivePack(RemoteConfig.DEFAULT_RECEIVE_PACK);
            RemoteRefUpdate update = new RemoteRefUpdate(repository, ref, ref, false, null, null);
            PushResult result = transport.push(NullProgressMonitor.INSTANCE, List.of(update));
            RemoteRefUpdate done = result.getRemoteUpdate(ref);
            RemoteRefUpdate.Status status = done == null ? RemoteRefUpdate.Status.NOT_ATTEMPTED : done.getStatus();
            return switch (status) {
                case OK -> Pushed.DONE;
                case UP_TO_DATE -> Pushed.UP_TO_DATE;
                case REJECTED_NONFASTFORWARD -> Pushed.BEHIND;
                case REJECTED_OTHER_REASON -> {
                    String message = done.getMessage() == null ? "" : done.getMessage();
                    String m = message.toLowerCase(java.util.Locale.ROOT);
                    // git and JGit servers word a lost race on the ref so ("cannot lock ref ... but expected ...")
                    if (m.contains("lock") || m.contains("but expected") || m.contains("old value")) {
                        yield Pushed.LOCKED;
                    }
                    throw new GitException(GitException.Kind.PUSH, where + " rejected "
                            + ref + (message.isEmpty() ? "" : ": " + message));
                }
                default -> throw new GitException(GitException.Kind.PUSH, "push of " + ref + " to " + where
                        + " did not complete (" + status.toString().toLowerCase().replace('_', ' ') + ")");
            };
        });
    }

    /**
     * Runs {@code use} over a transport to {@code remote} (a configured remote's name or a URL),
     * turning every failure into a GitException that names the remote without its password.
     */
    static <T> T open(Repository repository, String remote, String ref, String what, Use<T> use) throws GitException {
        RecordRefs.check(ref);
        if (remote == null || remote.isBlank()) {
            throw new GitException(GitException.Kind.INVALID, "no remote given");
        }
        String where = masked(remote);
        String to = "push".equals(what) ? " to " : " from ";
        boolean named = repository.getRemoteNames().contains(remote);
        if (!named && !remote.contains(":") && !remote.contains("/")) {
            throw new GitException(GitException.Kind.INVALID, "unknown remote '" + remote + "'"
                    + (repository.getRemoteNames().isEmpty() ? " (none is configured)"
                    : " (configured: " + String.join(", ", repository.getRemoteNames().stream().sorted().toList()) + ")"));
        }
        try (Transport transport = Transport.open(repository, remote)) {
            if (transport instanceof SshTransport ssh && ssh.getSshSessionFactory() == null) {
                throw new GitException(GitException.Kind.PUSH, "cannot " + what + to + where
                        + ": this build of plumb has no SSH support for git; use an https:// URL or a path");
            }
            transport.setTimeout(TIMEOUT_SECONDS);
            return use.with(transport);
        } catch (URISyntaxException e) {
            throw new GitException(GitException.Kind.INVALID, "'" + where + "' is neither a remote nor a URL", e);
        } catch (NotSupportedException e) {
            throw new GitException(GitException.Kind.PUSH, "cannot " + what + to + where + ": this build of plumb"
                    + " has no transport for it (" + GitException.reason(e) + ")", e);
        } catch (TransportException e) {
            throw new GitException(GitException.Kind.PUSH, "cannot " + what + " " + ref + to + where + ": "
                    + why(e), e);
        } catch (IOException e) {
            throw GitException.io("cannot " + what + " " + ref + to + where, e);
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

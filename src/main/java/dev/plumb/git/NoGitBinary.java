package dev.plumb.git;

import java.io.File;

import org.eclipse.jgit.lib.Config;
import org.eclipse.jgit.storage.file.FileBasedConfig;
import org.eclipse.jgit.util.FS;
import org.eclipse.jgit.util.SystemReader;

/**
 * Keeps JGit from running a git binary. Stock JGit finds the system-wide config by running
 * {@code git --version} and {@code git config --system --show-origin --list} whenever git is
 * on the PATH; this reader instead reads {@code $GIT_CONFIG_SYSTEM} or else
 * {@code /etc/gitconfig}, and none at all when {@code GIT_CONFIG_NOSYSTEM} is set, as git does.
 * Installed once, over whatever reader is current, before the package first uses JGit; the
 * variables are read through the current reader, so one installed over this one can set them.
 */
final class NoGitBinary extends SystemReader.Delegate {
    static final String DEFAULT_SYSTEM_CONFIG = "/etc/gitconfig";

    private NoGitBinary(SystemReader delegate) {
        super(delegate);
    }

    /** Idempotent while this reader is the current one. */
    static synchronized void install() {
        SystemReader current = SystemReader.getInstance();
        if (!(current instanceof NoGitBinary)) {
            SystemReader.setInstance(new NoGitBinary(current));
        }
    }

    @Override
    public FileBasedConfig openSystemConfig(Config parent, FS fs) {
        SystemReader env = SystemReader.getInstance();
        String noSystem = env.getenv("GIT_CONFIG_NOSYSTEM");
        if (noSystem != null && !noSystem.isEmpty()) {
            return new FileBasedConfig(parent, null, fs) {
                @Override
                public void load() {
                    // no system config, as asked
                }

                @Override
                public boolean isOutdated() {
                    return false;
                }
            };
        }
        String path = env.getenv("GIT_CONFIG_SYSTEM");
        return new FileBasedConfig(parent, new File(path == null || path.isEmpty() ? DEFAULT_SYSTEM_CONFIG : path), fs);
    }
}

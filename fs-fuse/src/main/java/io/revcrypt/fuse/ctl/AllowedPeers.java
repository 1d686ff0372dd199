package io.revcrypt.fuse.ctl;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.channels.SocketChannel;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipal;
import java.util.Objects;
import jdk.net.ExtendedSocketOptions;
import jdk.net.UnixDomainPrincipal;

/**
 * Who may use a control socket: the user who owns the socket file (the one running the mount) and
 * root; nobody else.
 *
 * <p>The socket's mode 0600 already keeps other users out, but only once {@code chmod} has run
 * after {@code bind}, and only as long as nobody loosens it or hands a connected descriptor on.
 * The peer's credentials ({@code SO_PEERCRED}, which the kernel fills in at {@code connect}) are
 * checked on every connection, so a request from another uid is refused whatever the file's mode.
 * The answers would tell anyone the plaintext names of the tree, which is what the encryption
 * hides.
 */
final class AllowedPeers {

    private static final System.Logger LOG = System.getLogger(AllowedPeers.class.getName());
    static final int EACCES = 13;

    private final UserPrincipal owner;
    private final UserPrincipal root;

    private AllowedPeers(UserPrincipal owner, UserPrincipal root) {
        this.owner = Objects.requireNonNull(owner, "owner");
        this.root = root;
    }

    /** The owner of {@code socketFile} and root. */
    static AllowedPeers ownerOf(Path socketFile) throws IOException {
        UserPrincipal owner = Files.getOwner(socketFile, LinkOption.NOFOLLOW_LINKS);
        UserPrincipal root;
        try {
            root = FileSystems.getDefault().getUserPrincipalLookupService().lookupPrincipalByName("root");
        } catch (IOException | UnsupportedOperationException e) {
            root = null; // a system without a user named root: the owner alone
        }
        return of(owner, root);
    }

    /** {@code owner}, and {@code root} unless null; tests use it to be a stranger while running as root. */
    static AllowedPeers of(UserPrincipal owner, UserPrincipal root) {
        return new AllowedPeers(owner, root);
    }

    /**
     * Null if the peer of {@code client} may be served, otherwise why not (the ErrText of the
     * refusal).
     */
    String refusal(SocketChannel client) {
        UserPrincipal peer;
        try {
            UnixDomainPrincipal credentials = client.getOption(ExtendedSocketOptions.SO_PEERCRED);
            peer = credentials.user();
        } catch (IOException | UnsupportedOperationException e) {
            // Unknown credentials are not proof of anything: refuse rather than guess.
            LOG.log(Level.WARNING, () -> "ctlsock: cannot read the peer's credentials: " + e);
            return "permission denied: cannot tell which user is connecting";
        }
        if (peer.equals(owner) || peer.equals(root)) {
            return null;
        }
        return "permission denied: user " + peer.getName() + " may not use this control socket (only "
                + owner.getName() + (root != null && !root.equals(owner) ? " and root" : "") + ")";
    }

    /** The answer every request of a refused peer gets, in gocryptfs's error shape. */
    static ControlResponse refusalAnswer(String refusal) {
        return ControlResponse.failure(EACCES, refusal, "");
    }
}

package io.revcrypt.it.support;

import java.nio.file.Path;

/** The text of an sshd_config for one test server: loopback only, keys only, everything in one dir. */
final class SshdConfig {

    private SshdConfig() {}

    static String render(int port, Path hostKey, Path pidFile, Path authorizedKeys) {
        return String.join("\n",
                "# Written by io.revcrypt.it.support.SshServer for one test run. Not for real use.",
                "ListenAddress 127.0.0.1",
                "Port " + port,
                "AddressFamily inet",
                "HostKey " + quoted(hostKey),
                "PidFile " + quoted(pidFile),
                // %-tokens are expanded in this one, so a literal % must be doubled
                "AuthorizedKeysFile " + quoted(authorizedKeys).replace("%", "%%"),
                "PubkeyAuthentication yes",
                "PasswordAuthentication no",
                "KbdInteractiveAuthentication no",
                "UsePAM no",
                // the tests log in as root, with a key only
                "PermitRootLogin prohibit-password",
                // our files live in temp dirs whose modes sshd would otherwise reject
                "StrictModes no",
                "LogLevel VERBOSE",
                "UseDNS no",
                "PrintMotd no",
                "PrintLastLog no",
                "X11Forwarding no",
                "AllowAgentForwarding no",
                "AllowTcpForwarding no",
                // parallel test connections must not be dropped by the default 10:30:100
                "MaxStartups 100",
                "Subsystem sftp internal-sftp",
                "");
    }

    /** sshd_config arguments may be double-quoted; there is no escape for a quote inside. */
    private static String quoted(Path path) {
        String s = path.toAbsolutePath().toString();
        if (s.contains("\"") || s.contains("\n")) {
            throw new IllegalArgumentException("sshd_config cannot express this path: " + s);
        }
        return "\"" + s + "\"";
    }
}

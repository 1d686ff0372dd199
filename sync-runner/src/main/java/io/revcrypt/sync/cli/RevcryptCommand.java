package io.revcrypt.sync.cli;

import picocli.CommandLine.Command;

@Command(name = "revcrypt", mixinStandardHelpOptions = true, versionProvider = RevcryptCommand.VersionProvider.class,
        description = {"Encrypted offsite backups with rsync, in the format of gocryptfs -reverse.",
                "revcrypt shows an encrypted, read-only view of a directory, copies it with rsync to a disk"
                        + " or a server, and shows you every change with its plaintext name."},
        subcommands = {DemoCommand.class, InitCommand.class, MountCommand.class, UnmountCommand.class, SyncCommand.class,
                SnapshotsCommand.class, RestoreCommand.class, VerifyCommand.class, StatusCommand.class,
                ScheduleCommand.class, CtlCommand.class, DecodeCommand.class},
        footerHeading = "%nExit codes:%n",
        footer = {"  0  ok", "  1  failed, nothing published", "  2  usage or configuration error (wrong password, bad option)",
                "  3  partial: published, but some files could not be read (listed)",
                "  4  another run holds the lock on this destination",
                "",
                "The single-dash spellings of gocryptfs work too: -passfile, -extpass, -config, -masterkey,"
                        + " -ctlsock, -exclude, -exclude-wildcard (-ew), -exclude-from, -fg, -allow_other, -scryptn."})
final class RevcryptCommand {

    static final class VersionProvider implements picocli.CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return Version.lines();
        }
    }
}

package io.revcrypt.sync.run;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What every hook of a run finds in its environment, borgmatic-style, so one script serves
 * several jobs: {@code REVCRYPT_JOB}, {@code REVCRYPT_DEST}, {@code REVCRYPT_EXIT_CODE},
 * {@code REVCRYPT_SNAPSHOT}, {@code REVCRYPT_LOG}. What is not known yet (the exit code before the
 * run, a snapshot of a mirror) is the empty string, so a script can test it with {@code [ -n ]}.
 *
 * @param exitCode the run's exit code, or null before it has one
 * @param snapshot the published snapshot's name, or null
 * @param log      the run's log file, or null
 */
public record HookEnvironment(String job, String destination, Integer exitCode, String snapshot, String log) {

    /** Before the run: only the job and the destination are known. */
    public static HookEnvironment before(String job, String destination) {
        return new HookEnvironment(job, destination, null, null, null);
    }

    /** After it, from what it reported. */
    public static HookEnvironment after(String job, String destination, int exitCode, SyncOutcome outcome) {
        return new HookEnvironment(job, destination, exitCode, outcome.snapshot(), outcome.log());
    }

    public String snapshotOrEmpty() {
        return snapshot == null ? "" : snapshot;
    }

    public Map<String, String> variables() {
        Map<String, String> v = new LinkedHashMap<>();
        v.put("REVCRYPT_JOB", job);
        v.put("REVCRYPT_DEST", destination);
        v.put("REVCRYPT_EXIT_CODE", exitCode == null ? "" : exitCode.toString());
        v.put("REVCRYPT_SNAPSHOT", snapshotOrEmpty());
        v.put("REVCRYPT_LOG", log == null ? "" : log);
        return v;
    }
}

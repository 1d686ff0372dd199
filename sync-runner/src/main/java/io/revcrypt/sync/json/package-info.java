/**
 * Machine-readable output ({@code --json} on sync, snapshots list, verify, restore): the records
 * that are serialized, one JSON object per line, and the mapping of each command's events to them.
 * The records' components are the field names; docs/json.md documents every one (a unit test
 * compares the two), so a field is named in one place in code.
 *
 * <h2>What it may import</h2>
 * {@code decode} (rsync's typed, decoded lines), {@code run} (the sync's events interface and
 * outcome), {@code snapshot}, {@code restore} and {@code verify} (what their commands report),
 * and Jackson. Only {@code cli} uses it: the domain never knows which output format is asked for.
 */
package io.revcrypt.sync.json;
